import AMQP
import LabKit
import OrderDomain

/// Part B's NotificationService logic: one confirmation per reserved order,
/// however often its `InventoryReserved` arrives.
public struct NotificationConsumer: Sendable {
    public let log: NotificationLog
    public let faults: FaultInjector
    public let stats: ConsumerStats

    public init(log: NotificationLog, faults: FaultInjector, stats: ConsumerStats) {
        self.log = log
        self.faults = faults
        self.stats = stats
    }

    public func handle(_ delivery: AMQPDelivery) async -> MessageDisposition {
        stats.update { $0.received += 1 }
        let decision = faults.nextDecision()
        if decision.delay > .zero { try? await Task.sleep(for: decision.delay) }
        let event: InventoryOutcome
        do {
            event = try InventoryOutcome.decode(delivery.body)
        } catch {
            stats.update { $0.deadLettered += 1 }
            return .deadLetter(reason: error.description)
        }
        guard event.isReserved else { return .ack }
        let notification = Notification(
            orderID: event.orderID, userID: event.userID, message: "Order \(event.orderID) confirmed",
            placedAt: event.placedAt)
        do {
            let recorded = try await log.record(notification)
            stats.update { recorded ? ($0.notified += 1) : ($0.replayed += 1) }
        } catch {
            return .retryLater(reason: "notification log: \(error)")
        }
        return .ack
    }
}
