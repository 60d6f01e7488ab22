import AMQP
import Foundation
import LabKit
import Logging
import OrderDomain

/// Part B's InventoryService logic: for each `OrderPlaced`, reserve by
/// message id (one SQLite transaction with the record of the id), publish
/// `InventoryReserved` or `InventoryFailed` and wait for its confirm, and only
/// then ack. A crash anywhere before the ack means a redelivery, which the
/// ledger recognises: stock is taken once, the outcome published again.
public struct InventoryConsumer: Sendable {
    public let ledger: InventoryLedger
    public let publisher: BrokerConnection
    public let faults: FaultInjector
    public let stats: ConsumerStats
    let logger: Logger

    public init(
        ledger: InventoryLedger, publisher: BrokerConnection, faults: FaultInjector, stats: ConsumerStats,
        logger: Logger
    ) {
        self.ledger = ledger
        self.publisher = publisher
        self.faults = faults
        self.stats = stats
        self.logger = logger
    }

    public func handle(_ delivery: AMQPDelivery) async -> MessageDisposition {
        stats.update { $0.received += 1 }
        let decision = faults.nextDecision()
        if decision.delay > .zero { try? await Task.sleep(for: decision.delay) }
        let event: OrderPlaced
        do {
            event = try OrderPlaced.decode(delivery.body)
        } catch {
            stats.update { $0.deadLettered += 1 }
            return .deadLetter(reason: error.description)
        }
        let messageID = delivery.properties.messageID ?? event.messageID
        let result: ReservationResult
        do {
            result = try await ledger.reserve(messageID, event.order.quantitiesByItem)
        } catch {
            return .retryLater(reason: "inventory ledger: \(error)")
        }
        if faults.current.crash == .afterCommit {
            logger.critical("injected crash after commit, before ack", metadata: ["message_id": "\(messageID)"])
            _exit(70)
        }
        stats.update { counts in
            if result.isReplay {
                counts.replayed += 1
            } else if case .reserved = result.outcome {
                counts.reserved += 1
            } else {
                counts.rejected += 1
            }
        }
        let outcome = InventoryOutcome(for: event, outcome: result.outcome)
        do {
            try await publisher.publish(
                JSONWire.bytes(outcome), exchange: AsyncQueueTopology.inventoryExchange,
                routingKey: outcome.isReserved ? AsyncQueueTopology.reservedKey : AsyncQueueTopology.failedKey,
                properties: AMQPMessageProperties(messageID: outcome.messageID))
        } catch {
            return .retryLater(reason: "publishing \(outcome.eventType): \(error)")
        }
        return .ack
    }
}
