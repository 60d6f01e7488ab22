import Faults
import Foundation
import Logging
import Messaging
import OrderDomain

/// The inventory consumer of every message-driven part: for each
/// `OrderPlaced`, reserves its items (status `placed`) or releases them
/// (status `failed`) under the order's id, in one SQLite transaction with the
/// record of that id, then publishes the decision and waits for the broker's
/// confirm before the message is acknowledged. A crash anywhere before the
/// acknowledgement means a redelivery, and the same order sent again (under
/// another message id: a client's retry) is the same reservation; the ledger
/// recognises both: stock is taken once, the decision published again.
public struct InventoryHandler: MessageHandler {
    public let ledger: InventoryLedger
    public let publisher: any MessagePublisher
    public let outputs: InventoryOutputs
    public let faults: FaultInjector
    public let stats: ConsumerStats
    let logger: Logger

    public init(
        ledger: InventoryLedger, publisher: any MessagePublisher, outputs: InventoryOutputs, faults: FaultInjector,
        stats: ConsumerStats, logger: Logger
    ) {
        self.ledger = ledger
        self.publisher = publisher
        self.outputs = outputs
        self.faults = faults
        self.stats = stats
        self.logger = logger
    }

    public func handle(_ message: InboundMessage) async -> MessageDisposition {
        let event: OrderPlaced
        do {
            event = try OrderPlaced.decode(message.body)
        } catch {
            return .deadLetter(reason: error.description)
        }
        let reservationID = event.order.orderID
        var published: [OutboundMessage] = []
        do {
            if event.order.status == .failed {
                let outcome = try await ledger.release(reservationID)
                stats.count(.released)
                if outcome == .released, let itemEvent = outputs.itemEvent {
                    for item in event.order.quantitiesByItem {
                        published.append(
                            itemEvent(
                                InventoryItemEvent(
                                    sourceEventID: reservationID, orderID: event.order.orderID, action: .release,
                                    item: item)))
                    }
                }
            } else {
                let result = try await ledger.reserve(reservationID, event.order.quantitiesByItem)
                crashIfAsked(reservationID)
                if result.isReplay {
                    stats.count(.replayed)
                } else if case .reserved = result.outcome {
                    stats.count(.reserved)
                } else {
                    stats.count(.rejected)
                }
                if case .reserved(let items) = result.outcome, let itemEvent = outputs.itemEvent {
                    for item in items {
                        published.append(
                            itemEvent(
                                InventoryItemEvent(
                                    sourceEventID: reservationID, orderID: event.order.orderID, action: .reserve,
                                    item: item)))
                    }
                }
                published.append(outputs.outcome(InventoryOutcome(for: event, outcome: result.outcome)))
            }
        } catch {
            return .retry(reason: "inventory ledger: \(error)")
        }
        do {
            try await publisher.publish(published)
        } catch {
            return .retry(reason: "publishing the inventory decision: \(error)")
        }
        return .ack
    }

    /// The `after_commit` crash fault: exit between the database commit and
    /// the acknowledgement, to prove the redelivery is recognised.
    private func crashIfAsked(_ orderID: String) {
        guard faults.current.crash == .afterCommit else { return }
        logger.critical("injected crash after commit, before ack", metadata: ["order_id": "\(orderID)"])
        _exit(70)
    }
}
