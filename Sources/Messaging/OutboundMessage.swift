/// A message to hand to a broker, in terms every transport understands.
public struct OutboundMessage: Sendable, Hashable {
    /// Where it goes: an AMQP exchange, or a Kafka topic.
    public var destination: String
    /// How it is routed inside the destination: an AMQP routing key, or a
    /// Kafka partition key (nil lets the producer choose the partition).
    public var key: String?
    public var body: [UInt8]
    /// The idempotency key consumers use to recognise a redelivery.
    public var messageID: String?
    public var headers: [String: String]

    public init(
        destination: String, key: String? = nil, body: [UInt8], messageID: String? = nil,
        headers: [String: String] = [:]
    ) {
        self.destination = destination
        self.key = key
        self.body = body
        self.messageID = messageID
        self.headers = headers
    }
}
