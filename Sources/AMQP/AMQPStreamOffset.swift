/// Where a consumer of a RabbitMQ stream starts reading: the
/// `x-stream-offset` argument of `basic.consume` (AMQP 0-9-1). A stream is
/// read, never emptied: every reader chooses its own position.
public enum AMQPStreamOffset: Sendable, Hashable {
    /// The first record the stream still holds (retention may have dropped older ones).
    case first
    /// The last chunk written: RabbitMQ starts at the chunk, so a few records before the end may come too.
    case last
    /// Only records written after the consumer starts.
    case next
    /// The record at this offset, or the first one retained after it.
    case offset(Int64)

    /// The consume arguments that start a reader here.
    public var consumeArguments: [String: AMQPFieldValue] {
        switch self {
        case .first: ["x-stream-offset": .string("first")]
        case .last: ["x-stream-offset": .string("last")]
        case .next: ["x-stream-offset": .string("next")]
        case .offset(let offset): ["x-stream-offset": .int(offset)]
        }
    }
}
