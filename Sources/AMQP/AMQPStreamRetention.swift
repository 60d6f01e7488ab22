/// How much of a RabbitMQ stream the broker keeps: the stream's queue
/// arguments. Retention drops whole segments, oldest first, once the stream
/// is past `maxLengthBytes` or a segment is older than `maxAge`.
public struct AMQPStreamRetention: Sendable, Hashable {
    /// `x-max-length-bytes`: the stream's size past which old segments go.
    public var maxLengthBytes: Int64
    /// `x-max-age`, in RabbitMQ's units (`Y`, `M`, `D`, `h`, `m`, `s`), e.g. `7D`; nil keeps by size only.
    public var maxAge: String?
    /// `x-stream-max-segment-size-bytes`: the unit retention drops.
    public var segmentBytes: Int64

    public init(maxLengthBytes: Int64, maxAge: String? = nil, segmentBytes: Int64) {
        self.maxLengthBytes = maxLengthBytes
        self.maxAge = maxAge
        self.segmentBytes = segmentBytes
    }

    /// The queue arguments that declare a stream kept this way.
    public var arguments: [String: AMQPFieldValue] {
        var arguments: [String: AMQPFieldValue] = [
            "x-queue-type": .string("stream"),
            "x-max-length-bytes": .int(maxLengthBytes),
            "x-stream-max-segment-size-bytes": .int(segmentBytes),
        ]
        if let maxAge { arguments["x-max-age"] = .string(maxAge) }
        return arguments
    }
}

extension AMQPQueueDeclaration {
    /// A stream: durable (RabbitMQ refuses any other), kept as `retention` says.
    public static func stream(_ name: String, retention: AMQPStreamRetention) -> AMQPQueueDeclaration {
        AMQPQueueDeclaration(name: name, durable: true, arguments: retention.arguments)
    }
}
