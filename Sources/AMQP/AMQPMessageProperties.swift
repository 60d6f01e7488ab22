/// The properties a message is published with and delivered with.
public struct AMQPMessageProperties: Sendable, Hashable {
    /// Unique id, the key of idempotent consumers.
    public var messageID: String?
    public var contentType: String?
    /// Written to disk by the broker (delivery mode 2).
    public var persistent: Bool
    /// Seconds since the epoch (AMQP's resolution); finer times travel in the body or headers.
    public var timestamp: UInt64?
    public var headers: [String: AMQPFieldValue]

    public init(
        messageID: String? = nil, contentType: String? = "application/json", persistent: Bool = true,
        timestamp: UInt64? = nil, headers: [String: AMQPFieldValue] = [:]
    ) {
        self.messageID = messageID
        self.contentType = contentType
        self.persistent = persistent
        self.timestamp = timestamp
        self.headers = headers
    }
}
