import Messaging
import OrderDomain

/// Part B's NotificationService logic: one confirmation per reserved order,
/// however often its `InventoryReserved` arrives.
public struct NotificationHandler: BatchMessageHandler {
    public let log: NotificationLog
    public let stats: ConsumerStats

    public init(log: NotificationLog, stats: ConsumerStats) {
        self.log = log
        self.stats = stats
    }

    /// The batch's confirmations recorded in one transaction.
    public func handle(batch messages: [InboundMessage]) async -> [MessageDisposition] {
        var dispositions = [MessageDisposition](repeating: .ack, count: messages.count)
        var notifications: [Notification] = []
        var indices: [Int] = []
        for (index, message) in messages.enumerated() {
            let event: InventoryOutcome
            do {
                event = try InventoryOutcome.decode(message.body)
            } catch {
                dispositions[index] = .deadLetter(reason: error.description)
                continue
            }
            guard event.isReserved else { continue }
            notifications.append(
                Notification(
                    orderID: event.orderID, userID: event.userID, message: "Order \(event.orderID) confirmed",
                    placedAt: event.placedAt))
            indices.append(index)
        }
        do {
            let recorded = try await log.record(notifications)
            let new = recorded.filter { $0 }.count
            stats.count(.notified, new)
            stats.count(.replayed, recorded.count - new)
        } catch {
            for index in indices { dispositions[index] = .retry(reason: "notification log: \(error)") }
        }
        return dispositions
    }
}
