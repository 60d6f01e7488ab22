import Foundation
import Kafka
import OrderDomain

/// Part C's AnalyticsConsumer (group `analytics-service`): counts orders from
/// `order-events` (placed or failed, by event time) and outcomes from
/// `inventory-events`, each event once by its id. Unreadable events are
/// dead-lettered and counted as malformed; the group moves on.
public struct AnalyticsConsumer: Sendable {
    public let analytics: OrderAnalytics
    public let deadLetters: DeadLetterWriter
    public let stats: StreamStats

    public init(analytics: OrderAnalytics, producer: KafkaProducer, stats: StreamStats) {
        self.analytics = analytics
        self.stats = stats
        deadLetters = DeadLetterWriter(producer: producer, group: StreamingTopology.analyticsGroup)
    }

    public func handle(_ message: KafkaMessage) async -> Bool {
        stats.update { $0.consumed += 1 }
        do {
            if message.topic == StreamingTopology.orderEvents {
                return try await countOrder(message)
            }
            return try await countInventory(message)
        } catch {
            return false
        }
    }

    private func countOrder(_ message: KafkaMessage) async throws -> Bool {
        let event: OrderPlaced
        do {
            event = try OrderPlaced.decode(message.value)
        } catch {
            return try await malformed(message, reason: error.description)
        }
        let kind: OrderAnalytics.Kind = event.order.status == .failed ? .orderFailed : .orderPlaced
        let counted = try await analytics.record(eventID: event.messageID, kind: kind, at: event.order.timestamp)
        if !counted { stats.update { $0.replayed += 1 } }
        return true
    }

    private func countInventory(_ message: KafkaMessage) async throws -> Bool {
        // Per-item events carry no outcome; only the order-level outcome is counted.
        if let item = try? JSONDecoder().decode(InventoryItemEvent.self, from: Data(message.value)),
            item.eventType == "InventoryItemEvent"
        {
            return true
        }
        let outcome: InventoryOutcome
        do {
            outcome = try InventoryOutcome.decode(message.value)
        } catch {
            return try await malformed(message, reason: error.description)
        }
        let kind: OrderAnalytics.Kind = outcome.isReserved ? .inventoryReserved : .inventoryFailed
        let counted = try await analytics.record(eventID: outcome.messageID, kind: kind, at: outcome.timestamp)
        if !counted { stats.update { $0.replayed += 1 } }
        return true
    }

    private func malformed(_ message: KafkaMessage, reason: String) async throws -> Bool {
        try await deadLetters.send(message, reason: reason)
        try await analytics.record(
            eventID: "malformed/\(message.topic)/\(message.partition)/\(message.offset)", kind: .malformed, at: .now())
        stats.update { $0.deadLettered += 1 }
        return true
    }
}
