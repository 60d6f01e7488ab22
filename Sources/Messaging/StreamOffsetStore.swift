/// Where a log reader keeps the offset it has processed up to, for a log
/// whose broker keeps no group offsets for it (a RabbitMQ stream read over
/// AMQP 0-9-1): the reader resumes from it after a restart.
public protocol StreamOffsetStore: Sendable {
    /// The next offset to read of `stream`; nil when this reader has read none of it.
    func nextOffset(of stream: String) async throws -> Int64?
    /// Records that everything of `stream` below `nextOffset` is done with.
    func save(nextOffset: Int64, of stream: String) async throws
}
