import Foundation
import Messaging
import OrderDomain

/// Part C's AnalyticsConsumer (group `analytics-service`): counts orders from
/// `order-events` (placed or failed, by event time) and outcomes from
/// `inventory-events`, each event once by its id. Unreadable events are
/// counted as malformed and dead-lettered; the group moves on.
public struct AnalyticsHandler: MessageHandler {
    public let analytics: OrderAnalytics
    public let stats: ConsumerStats

    public init(analytics: OrderAnalytics, stats: ConsumerStats) {
        self.analytics = analytics
        self.stats = stats
    }

    public func handle(_ message: InboundMessage) async -> MessageDisposition {
        do {
            if message.source == StreamingTopology.orderEvents {
                return try await countOrder(message)
            }
            return try await countInventory(message)
        } catch {
            return .retry(reason: "analytics store: \(error)")
        }
    }

    private func countOrder(_ message: InboundMessage) async throws -> MessageDisposition {
        let event: OrderPlaced
        do {
            event = try OrderPlaced.decode(message.body)
        } catch {
            return try await malformed(message, reason: error.description)
        }
        let kind: OrderAnalytics.Kind = event.order.status == .failed ? .orderFailed : .orderPlaced
        // Counted by order: the same order appended twice (a client's retry) is one order.
        let counted = try await analytics.record(eventID: event.order.orderID, kind: kind, at: event.order.timestamp)
        if !counted { stats.count(.replayed) }
        return .ack
    }

    private func countInventory(_ message: InboundMessage) async throws -> MessageDisposition {
        // Per-item events carry no outcome; only the order-level outcome is counted.
        if let item = try? JSONDecoder().decode(InventoryItemEvent.self, from: Data(message.body)),
            item.eventType == InventoryItemEvent.eventType
        {
            return .ack
        }
        let outcome: InventoryOutcome
        do {
            outcome = try InventoryOutcome.decode(message.body)
        } catch {
            return try await malformed(message, reason: error.description)
        }
        let kind: OrderAnalytics.Kind = outcome.isReserved ? .inventoryReserved : .inventoryFailed
        let counted = try await analytics.record(eventID: outcome.messageID, kind: kind, at: outcome.timestamp)
        if !counted { stats.count(.replayed) }
        return .ack
    }

    /// Counted once by its position, so a redelivery does not count it twice.
    private func malformed(_ message: InboundMessage, reason: String) async throws -> MessageDisposition {
        try await analytics.record(
            eventID: "malformed/\(message.location)", kind: .malformed, at: .now())
        return .deadLetter(reason: reason)
    }
}
