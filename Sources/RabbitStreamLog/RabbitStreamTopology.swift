import AMQP
import Messaging
import OrderDomain
import OrderWorkload

/// Part D's streams. Each log is a RabbitMQ stream behind a fanout exchange
/// of the same name, so a publisher names the log as its destination; dead
/// letters go to a classic queue (a stream cannot dead-letter).
public enum RabbitStreamTopology {
    public static let orderEvents = "order-events"
    public static let inventoryEvents = "inventory-events"
    public static let deadLetters = "order-events.dlq"

    /// What the broker keeps of each stream: up to 2 GB or 7 days, in 100 MB
    /// segments (retention drops whole segments, oldest first). The lab's
    /// runs write a few MB; the limits say what a user's long run would keep.
    public static let retention = AMQPStreamRetention(
        maxLengthBytes: 2_000_000_000, maxAge: "7D", segmentBytes: 100_000_000)

    /// Declares the streams, their exchanges and the dead-letter queue (classic); every
    /// role runs it on connecting, so any start order works.
    @Sendable public static func declare(_ connection: AMQPConnection) async throws(AMQPError) {
        try await declare(on: connection, deadLetterQueueType: .classic)
    }

    /// The declaration with the dead-letter queue of `type`, as a connection's `prepare`. On a cluster the
    /// streams are replicated over its nodes by themselves; the dead-letter queue is quorum to be as well.
    public static func declaration(_ type: AMQPQueueType) -> @Sendable (AMQPConnection) async throws(AMQPError) -> Void
    {
        { connection throws(AMQPError) in try await declare(on: connection, deadLetterQueueType: type) }
    }

    static func declare(on connection: AMQPConnection, deadLetterQueueType: AMQPQueueType) async throws(AMQPError) {
        for log in [orderEvents, inventoryEvents] {
            try await connection.declareExchange(log, type: "fanout")
            try await connection.declareStream(log, retention: retention)
            try await connection.bindQueue(log, to: log, routingKey: "")
        }
        _ = try await connection.declareQueue(AMQPQueueDeclaration(name: deadLetters).ofType(deadLetterQueueType))
    }

    /// `OrderPlaced` goes to `order-events`, its type in a header as every record the lab writes.
    @Sendable public static func orderPlaced(_ event: OrderPlaced) -> OutboundMessage {
        OutboundMessage(
            destination: orderEvents, key: event.order.orderID, body: EventJSON.bytes(event),
            messageID: event.messageID, headers: [OrderEventHeaders.eventType: OrderPlaced.eventType])
    }

    /// Inventory decisions and their per-item events go to `inventory-events`.
    public static let inventoryOutputs = InventoryOutputs(
        outcome: { outcome in
            OutboundMessage(
                destination: inventoryEvents, key: outcome.orderID, body: EventJSON.bytes(outcome),
                headers: [OrderEventHeaders.eventType: outcome.eventType])
        },
        itemEvent: { item in
            OutboundMessage(
                destination: inventoryEvents, key: item.orderID, body: EventJSON.bytes(item),
                headers: [OrderEventHeaders.eventType: item.eventType])
        })
}
