/// A message a consumer received, in terms every transport understands.
public struct InboundMessage: Sendable {
    /// Where it was read from: an AMQP queue, or a Kafka topic.
    public var source: String
    /// Its place in that source: a log's partition and offset, or a queue's
    /// delivery tag (partition 0). The subscription that delivered it
    /// settles it by this position.
    public var position: MessagePosition
    public var key: [UInt8]?
    public var body: [UInt8]
    /// The publisher's idempotency key, when the transport carries one.
    public var messageID: String?
    public var headers: [String: [UInt8]]
    /// True when the broker says it delivered this message before.
    public var redelivered: Bool

    public init(
        source: String, position: MessagePosition, key: [UInt8]? = nil, body: [UInt8], messageID: String? = nil,
        headers: [String: [UInt8]] = [:], redelivered: Bool = false
    ) {
        self.source = source
        self.position = position
        self.key = key
        self.body = body
        self.messageID = messageID
        self.headers = headers
        self.redelivered = redelivered
    }

    /// `source[partition]@offset`, for logs.
    public var location: String { "\(source)[\(position.partition)]@\(position.offset)" }
}

/// Where a message sits in its source.
public struct MessagePosition: Sendable, Hashable {
    public var partition: Int32
    public var offset: Int64
    /// For a log that can be rewound: which pass over it this message came
    /// from. A message of an earlier pass must not move the commit position.
    public var epoch: UInt64

    public init(partition: Int32, offset: Int64, epoch: UInt64 = 0) {
        self.partition = partition
        self.offset = offset
        self.epoch = epoch
    }
}
