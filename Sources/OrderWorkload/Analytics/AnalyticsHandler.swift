import Foundation
import Messaging
import OrderDomain

/// The log models' AnalyticsConsumer: counts orders from the order log
/// (`orderSource`: placed or failed, by event time) and outcomes from the
/// inventory's log, each event once by its id, a batch per transaction.
/// Unreadable events are counted as malformed and dead-lettered; the reader
/// moves on.
public struct AnalyticsHandler: BatchMessageHandler {
    public let analytics: OrderAnalytics
    public let stats: ConsumerStats
    /// The log (topic or stream) whose records are `OrderPlaced`; every other one carries inventory events.
    public let orderSource: String
    /// True when the reader's offsets live in the analytics store: each batch's
    /// counts and its messages' offsets are then one transaction.
    public let keepsOffsets: Bool

    public init(analytics: OrderAnalytics, stats: ConsumerStats, orderSource: String, keepsOffsets: Bool = false) {
        self.analytics = analytics
        self.stats = stats
        self.orderSource = orderSource
        self.keepsOffsets = keepsOffsets
    }

    /// What one message counts as, before the batch is written.
    private enum Reading {
        case counted(AnalyticsEvent)
        case ignored
        case malformed(AnalyticsEvent, reason: String)
    }

    public func handle(batch messages: [InboundMessage]) async -> [MessageDisposition] {
        let readings = messages.map(read)
        var events: [AnalyticsEvent] = []
        for reading in readings {
            switch reading {
            case .counted(let event), .malformed(let event, _): events.append(event)
            case .ignored: break
            }
        }
        let fresh: [Bool]
        do {
            if keepsOffsets {
                // A dead letter is finished once it is confirmed, by the subscription.
                var finishing: [String: [Int64]] = [:]
                for (message, reading) in zip(messages, readings) {
                    if case .malformed = reading { continue }
                    finishing[message.source, default: []].append(message.position.offset)
                }
                fresh = try await analytics.record(events, finishing: finishing)
            } else {
                fresh = try await analytics.record(events)
            }
        } catch {
            return messages.map { _ in .retry(reason: "analytics store: \(error)") }
        }
        stats.count(.replayed, fresh.filter { !$0 }.count)
        return readings.map { reading in
            if case .malformed(_, let reason) = reading { return .deadLetter(reason: reason) }
            return .ack
        }
    }

    private func read(_ message: InboundMessage) -> Reading {
        if message.source == orderSource {
            do {
                let event = try OrderPlaced.decode(message.body)
                // Counted by order: the same order appended twice (a client's retry) is one order.
                let kind: OrderAnalytics.Kind = event.order.status == .failed ? .orderFailed : .orderPlaced
                return .counted(AnalyticsEvent(eventID: event.order.orderID, kind: kind, at: event.order.timestamp))
            } catch {
                return malformed(message, reason: error.description)
            }
        }
        // Per-item events carry no outcome; only the order-level outcome is counted. The lab's inventory
        // marks them in a header; a record from another producer is recognised by its body.
        if let type = message.headers[OrderEventHeaders.eventType] {
            if type.elementsEqual(InventoryItemEvent.eventType.utf8) { return .ignored }
        } else if let item = try? JSONDecoder().decode(InventoryItemEvent.self, from: Data(message.body)),
            item.eventType == InventoryItemEvent.eventType
        {
            return .ignored
        }
        do {
            let outcome = try InventoryOutcome.decode(message.body)
            let kind: OrderAnalytics.Kind = outcome.isReserved ? .inventoryReserved : .inventoryFailed
            return .counted(AnalyticsEvent(eventID: outcome.messageID, kind: kind, at: outcome.timestamp))
        } catch {
            return malformed(message, reason: error.description)
        }
    }

    /// Counted once by its position, so a redelivery does not count it twice.
    private func malformed(_ message: InboundMessage, reason: String) -> Reading {
        .malformed(
            AnalyticsEvent(eventID: "malformed/\(message.location)", kind: .malformed, at: .now()), reason: reason)
    }
}
