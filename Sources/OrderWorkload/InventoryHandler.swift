import Faults
import Foundation
import LabKit
import Logging
import Messaging
import OrderDomain

/// The inventory consumer of every message-driven part: for each
/// `OrderPlaced`, reserves its items (status `placed`) or releases them
/// (status `failed`) under the order's id, in one SQLite transaction with the
/// record of that id (one transaction per batch), then publishes the
/// decisions and waits for the broker's confirms before the messages are
/// acknowledged. A crash anywhere before the
/// acknowledgement means a redelivery, and the same order sent again (under
/// another message id: a client's retry) is the same reservation; the ledger
/// recognises both: stock is taken once, the decision published again.
public struct InventoryHandler: BatchMessageHandler {
    public let ledger: InventoryLedger
    public let publisher: any MessagePublisher
    public let outputs: InventoryOutputs
    public let stats: ConsumerStats
    let logger: Logger

    public init(
        ledger: InventoryLedger, publisher: any MessagePublisher, outputs: InventoryOutputs, stats: ConsumerStats,
        logger: Logger
    ) {
        self.ledger = ledger
        self.publisher = publisher
        self.outputs = outputs
        self.stats = stats
        self.logger = logger
    }

    /// One ledger transaction for the batch's decisions, then every output
    /// published at once, confirmed together; an unreadable event is
    /// dead-lettered without holding up the others.
    public func handle(batch messages: [InboundMessage]) async -> [MessageDisposition] {
        var dispositions = [MessageDisposition](repeating: .ack, count: messages.count)
        var events: [(index: Int, event: OrderPlaced)] = []
        for (index, message) in messages.enumerated() {
            do {
                events.append((index, try OrderPlaced.decode(message.body)))
            } catch {
                dispositions[index] = .deadLetter(reason: error.description)
            }
        }
        guard !events.isEmpty else { return dispositions }
        let requests = events.map { item -> LedgerRequest in
            item.event.order.status == .failed
                ? .release(item.event.order.orderID)
                : .reserve(item.event.order.orderID, item.event.order.quantitiesByItem)
        }
        let decisions: [LedgerDecision]
        do {
            let clock = ContinuousClock()
            let started = clock.now
            decisions = try await ledger.decide(requests)
            // A rare stall here (a WAL checkpoint, the disk) is a latency tail downstream; say when it happens.
            let took = clock.now - started
            if took > Self.slowTransaction {
                logger.notice(
                    "\(Self.slowTransactionNote) \(Int(took.milliseconds.rounded())) ms for \(requests.count) decision(s)"
                )
            }
        } catch {
            for item in events { dispositions[item.index] = .retry(reason: "inventory ledger: \(error)") }
            return dispositions
        }
        var published: [OutboundMessage] = []
        for (item, decision) in zip(events, decisions) {
            published.append(contentsOf: outputs(for: item.event, decision))
        }
        do {
            try await publisher.publish(published)
        } catch {
            for item in events {
                dispositions[item.index] = .retry(reason: "publishing the inventory decision: \(error)")
            }
        }
        return dispositions
    }

    /// What a decision is published as (the outcome, and per-item events
    /// where the transport wants them), counted in the stats as it goes.
    private func outputs(for event: OrderPlaced, _ decision: LedgerDecision) -> [OutboundMessage] {
        let orderID = event.order.orderID
        var published: [OutboundMessage] = []
        switch decision {
        case .released(let outcome):
            stats.count(.released)
            if outcome == .released, let itemEvent = outputs.itemEvent {
                for item in event.order.quantitiesByItem {
                    published.append(
                        itemEvent(
                            InventoryItemEvent(sourceEventID: orderID, orderID: orderID, action: .release, item: item)))
                }
            }
        case .reserved(let result):
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
                            InventoryItemEvent(sourceEventID: orderID, orderID: orderID, action: .reserve, item: item)))
                }
            }
            published.append(outputs.outcome(InventoryOutcome(for: event, outcome: result.outcome)))
        }
        return published
    }

    static let slowTransaction = Duration.milliseconds(10)
    /// How the log line of a slow ledger transaction starts, for the benchmark that looks for it.
    public static let slowTransactionNote = "slow ledger transaction (over 10 ms, its wait for the writer included):"
}
