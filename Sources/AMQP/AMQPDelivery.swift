/// One message handed to a consumer; ack or nack it by its delivery tag on
/// the connection that delivered it.
public struct AMQPDelivery: Sendable {
    public var body: [UInt8]
    public var deliveryTag: UInt64
    /// True when the broker delivered it before and it was not acked (a consumer died, a requeue).
    public var redelivered: Bool
    public var exchange: String
    public var routingKey: String
    public var properties: AMQPMessageProperties

    /// Deliveries come from a connection; this is public so consumer logic can be tested without one.
    public init(
        body: [UInt8], deliveryTag: UInt64, redelivered: Bool, exchange: String, routingKey: String,
        properties: AMQPMessageProperties
    ) {
        self.body = body
        self.deliveryTag = deliveryTag
        self.redelivered = redelivered
        self.exchange = exchange
        self.routingKey = routingKey
        self.properties = properties
    }
}

extension AMQPDelivery {
    /// The record's position in a stream (RabbitMQ's `x-stream-offset`
    /// header on every delivery from a stream); nil from a queue.
    public var streamOffset: Int64? {
        if case .int(let offset) = properties.headers["x-stream-offset"] { return offset }
        return nil
    }
}
