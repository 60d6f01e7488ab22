import Kafka
import KafkaEngine
import Messaging
import OrderDomain
import OrderWorkload

/// Part C's topics. Partition counts are sized for the embedded broker, which
/// keeps only about the newest 5 MiB per partition: 12 partitions hold
/// ~60 MiB, over 100,000 events of ~400 bytes.
public enum StreamingTopology {
    public static let orderEvents = "order-events"
    public static let inventoryEvents = "inventory-events"
    public static let deadLetters = "order-events.dlt"
    public static let inventoryGroup = "inventory-service"
    public static let analyticsGroup = "analytics-service"
    /// Header naming an event's type, so a reader can skip what it does not count without decoding it.
    public static let eventTypeHeader = OrderEventHeaders.eventType

    public static func topics(partitions: Int) -> [(name: String, partitions: Int)] {
        [(orderEvents, partitions), (inventoryEvents, partitions), (deadLetters, 1)]
    }

    /// Creates the topics: through the embedded broker's control endpoint when
    /// given (its mock has no CreateTopics), replicated on `replication` of its
    /// brokers, its groups named to it so a lost broker's groups move; the
    /// Admin API otherwise, with the cluster's own defaults.
    public static func create(
        partitions: Int, configuration: KafkaConfiguration, embeddedControlURL: String?, replication: Int = 1
    ) async throws {
        if let control = embeddedControlURL {
            for topic in topics(partitions: partitions) {
                try await EmbeddedKafka.createTopic(
                    topic.name, partitions: topic.partitions, replication: replication, controlURL: control)
            }
            for group in [inventoryGroup, analyticsGroup] {
                try await EmbeddedKafka.registerGroup(group, controlURL: control)
            }
        } else {
            try await KafkaAdmin(configuration: configuration).createTopics(topics(partitions: partitions))
        }
    }

    /// `OrderPlaced` goes to `order-events` keyed by user id, its type in a header as every record the lab
    /// writes: one user's orders share a partition, so the log keeps them in the order they were written
    /// (keyed by order id they were spread over every partition, and a reader could take them in any order).
    @Sendable public static func orderPlaced(_ event: OrderPlaced) -> OutboundMessage {
        OutboundMessage(
            destination: orderEvents, key: event.order.userID, body: EventJSON.bytes(event),
            messageID: event.messageID,
            headers: [eventTypeHeader: OrderPlaced.eventType])
    }

    /// Inventory decisions and their per-item events go to `inventory-events`,
    /// keyed by order id so an order's events stay in one partition, in order.
    public static let inventoryOutputs = InventoryOutputs(
        outcome: { outcome in
            OutboundMessage(
                destination: inventoryEvents, key: outcome.orderID, body: EventJSON.bytes(outcome),
                headers: [eventTypeHeader: outcome.eventType])
        },
        itemEvent: { item in
            OutboundMessage(
                destination: inventoryEvents, key: item.orderID, body: EventJSON.bytes(item),
                headers: [eventTypeHeader: item.eventType])
        })
}
