import Messaging
import OrderDomain

/// Part B's NotificationService logic: one confirmation per reserved order,
/// however often its `InventoryReserved` arrives.
public struct NotificationHandler: MessageHandler {
    public let log: NotificationLog
    public let stats: ConsumerStats

    public init(log: NotificationLog, stats: ConsumerStats) {
        self.log = log
        self.stats = stats
    }

    public func handle(_ message: InboundMessage) async -> MessageDisposition {
        let event: InventoryOutcome
        do {
            event = try InventoryOutcome.decode(message.body)
        } catch {
            return .deadLetter(reason: error.description)
        }
        guard event.isReserved else { return .ack }
        let notification = Notification(
            orderID: event.orderID, userID: event.userID, message: "Order \(event.orderID) confirmed",
            placedAt: event.placedAt)
        do {
            let recorded = try await log.record(notification)
            stats.count(recorded ? .notified : .replayed)
        } catch {
            return .retry(reason: "notification log: \(error)")
        }
        return .ack
    }
}
