import Faults
import Foundation
import LabKit
import Logging
import Messaging
import OrderDomain
import Synchronization

/// The inventory consumer of every message-driven part: for each
/// `OrderPlaced`, reserves its items (status `placed`) or releases them
/// (status `failed`) under the order's id, in one SQLite transaction with the
/// record of that id (one transaction per batch), then publishes the
/// decisions and waits for the broker's confirms before the messages are
/// acknowledged. A crash anywhere before the
/// acknowledgement means a redelivery, and the same order sent again (under
/// another message id: a client's retry) is the same reservation; the ledger
/// recognises both: stock is taken once, the decision published again.
///
/// A reader that keeps its own offsets (a RabbitMQ stream's) is given an
/// ``OutboxRelay``: the decisions, their outputs (into the ledger's outbox)
/// and the messages' offsets are then one transaction, and the outputs are
/// sent from the outbox after it; a redelivery cannot happen for a message
/// whose decision was made.
public struct InventoryHandler: BatchMessageHandler {
    public let ledger: InventoryLedger
    public let publisher: any MessagePublisher
    public let outputs: InventoryOutputs
    public let stats: ConsumerStats
    /// Set when the reader's offsets live in the ledger: outputs go through the outbox.
    public let relay: OutboxRelay?
    let logger: Logger

    public init(
        ledger: InventoryLedger, publisher: any MessagePublisher, outputs: InventoryOutputs, stats: ConsumerStats,
        relay: OutboxRelay? = nil, logger: Logger
    ) {
        self.ledger = ledger
        self.publisher = publisher
        self.outputs = outputs
        self.stats = stats
        self.relay = relay
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
        if let relay {
            return await handleKeepingOffsets(messages, events, requests, dispositions, relay: relay)
        }
        let decisions: [LedgerDecision]
        do {
            decisions = try await timed(requests.count) { try await ledger.decide(requests) }
        } catch {
            for item in events { dispositions[item.index] = .retry(reason: "inventory ledger: \(error)") }
            return dispositions
        }
        var published: [OutboundMessage] = []
        for (item, decision) in zip(events, decisions) {
            count(decision)
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

    /// The decisions, their outputs (into the outbox) and the messages'
    /// offsets in one transaction; then the outputs sent. A failed send
    /// leaves them in the outbox for the relay, and the messages are
    /// finished all the same: what they decided is durable.
    private func handleKeepingOffsets(
        _ messages: [InboundMessage], _ events: [(index: Int, event: OrderPlaced)], _ requests: [LedgerRequest],
        _ dispositions: [MessageDisposition], relay: OutboxRelay
    ) async -> [MessageDisposition] {
        var dispositions = dispositions
        var finishing: [String: [Int64]] = [:]
        for item in events {
            finishing[messages[item.index].source, default: []].append(messages[item.index].position.offset)
        }
        let planned = events.map(\.event)
        let decided: (decisions: [LedgerDecision], outbox: [Int64])
        let sent = Mutex<[OutboundMessage]>([])
        do {
            decided = try await timed(requests.count) {
                try await ledger.decide(requests, finishing: finishing) { decisions in
                    let messages = zip(planned, decisions).flatMap { outputs(for: $0, $1) }
                    sent.withLock { $0 = messages }
                    return try messages.map(OutboxRecord.encode)
                }
            }
        } catch {
            for item in events { dispositions[item.index] = .retry(reason: "inventory ledger: \(error)") }
            return dispositions
        }
        for decision in decided.decisions { count(decision) }
        do {
            try await relay.send(Array(zip(decided.outbox, sent.withLock { $0 })))
        } catch {
            logger.warning(
                "\(decided.outbox.count) inventory output(s) kept in the outbox, the relay sends them again: \(error)")
        }
        return dispositions
    }

    /// Runs the ledger's transaction, and says when it was slow.
    private func timed<T>(_ decisions: Int, _ body: () async throws -> T) async throws -> T {
        let clock = ContinuousClock()
        let started = clock.now
        let result = try await body()
        // A rare stall here (a WAL checkpoint, the disk) is a latency tail downstream; say when it happens.
        let took = clock.now - started
        if took > Self.slowTransaction {
            logger.notice(
                "\(Self.slowTransactionNote) \(Int(took.milliseconds.rounded())) ms for \(decisions) decision(s)")
        }
        return result
    }

    private func count(_ decision: LedgerDecision) {
        switch decision {
        case .released: stats.count(.released)
        case .reserved(let result):
            if result.isReplay {
                stats.count(.replayed)
            } else if case .reserved = result.outcome {
                stats.count(.reserved)
            } else {
                stats.count(.rejected)
            }
        }
    }

    /// What a decision is published as: the outcome, and per-item events where the transport wants them.
    private func outputs(for event: OrderPlaced, _ decision: LedgerDecision) -> [OutboundMessage] {
        let orderID = event.order.orderID
        var published: [OutboundMessage] = []
        switch decision {
        case .released(let outcome):
            if outcome == .released, let itemEvent = outputs.itemEvent {
                for item in event.order.quantitiesByItem {
                    published.append(
                        itemEvent(
                            InventoryItemEvent(sourceEventID: orderID, orderID: orderID, action: .release, item: item)))
                }
            }
        case .reserved(let result):
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
