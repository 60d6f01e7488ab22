import AMQP
import OrderDomain
import Messaging
import OrderWorkload

/// Part B's exchanges and queues. Every service declares all of them at
/// start (declarations are idempotent), so any start order works.
///
/// ```
/// orders (direct) ──order.placed──▶ inventory.order-placed ──▶ InventoryService
///                                        │ nack(requeue: false)
///                                        ▼
///                                   orders.dlx (fanout) ──▶ orders.dlq
/// inventory (direct) ──inventory.reserved──▶ notification.inventory-reserved ──▶ NotificationService
///                    ──inventory.failed────▶ inventory.failed (kept for inspection)
/// ```
public enum AsyncQueueTopology {
    public static let ordersExchange = "orders"
    public static let inventoryExchange = "inventory"
    public static let deadLetterExchange = "orders.dlx"
    public static let orderPlacedKey = "order.placed"
    public static let reservedKey = "inventory.reserved"
    public static let failedKey = "inventory.failed"

    public static let inventoryQueue = "inventory.order-placed"
    public static let notificationQueue = "notification.inventory-reserved"
    public static let failedQueue = "inventory.failed"
    public static let deadLetterQueue = "orders.dlq"

    public static let allQueues = [inventoryQueue, notificationQueue, failedQueue, deadLetterQueue]

    /// Where the queues keep their messages (``AMQPQueueType``).
    public typealias QueueType = AMQPQueueType

    /// Declares the topology with classic queues (a single node).
    public static func declare(on connection: AMQPConnection) async throws(AMQPError) {
        try await declare(on: connection, queueType: .classic)
    }

    /// The topology's declaration with `queueType` queues, as a connection's `prepare`.
    public static func declaration(_ queueType: QueueType) -> @Sendable (AMQPConnection) async throws(AMQPError) -> Void
    {
        { connection throws(AMQPError) in try await declare(on: connection, queueType: queueType) }
    }

    public static func declare(on connection: AMQPConnection, queueType: QueueType) async throws(AMQPError) {
        func queue(_ name: String) -> AMQPQueueDeclaration { AMQPQueueDeclaration(name: name).ofType(queueType) }
        try await connection.declareExchange(ordersExchange)
        try await connection.declareExchange(inventoryExchange)
        try await connection.declareExchange(deadLetterExchange, type: "fanout")
        try await connection.declareQueue(queue(deadLetterQueue))
        try await connection.bindQueue(deadLetterQueue, to: deadLetterExchange, routingKey: "")
        try await connection.declareQueue(queue(inventoryQueue).deadLettering(to: deadLetterExchange))
        try await connection.bindQueue(inventoryQueue, to: ordersExchange, routingKey: orderPlacedKey)
        try await connection.declareQueue(queue(notificationQueue).deadLettering(to: deadLetterExchange))
        try await connection.bindQueue(notificationQueue, to: inventoryExchange, routingKey: reservedKey)
        try await connection.declareQueue(queue(failedQueue))
        try await connection.bindQueue(failedQueue, to: inventoryExchange, routingKey: failedKey)
    }

    /// `OrderPlaced` goes to the `orders` exchange, persistent, its message id as the AMQP `message_id`.
    @Sendable public static func orderPlaced(_ event: OrderPlaced) -> OutboundMessage {
        OutboundMessage(
            destination: ordersExchange, key: orderPlacedKey, body: EventJSON.bytes(event), messageID: event.messageID)
    }

    /// Inventory decisions go to the `inventory` exchange, routed by outcome.
    public static let inventoryOutputs = InventoryOutputs(outcome: { outcome in
        OutboundMessage(
            destination: inventoryExchange, key: outcome.isReserved ? reservedKey : failedKey,
            body: EventJSON.bytes(outcome), messageID: outcome.messageID)
    })
}
