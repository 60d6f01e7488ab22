import Logging
import Messaging
import OrderDomain
import OrderWorkload
import Testing

/// The inventory reader that keeps its offsets in its ledger: decisions, outputs and offsets in one
/// transaction, outputs sent from the outbox, over publishers that stand in for a transport's answers.
@Suite(.timeLimit(.minutes(1))) struct InventoryHandlerOutboxTests {
    typealias ScriptedPublisher = OrderEntryServiceTests.ScriptedPublisher
    let ledger: InventoryLedger

    init() throws {
        ledger = try InventoryLedger(store: .memory, initialStock: StockLevels(["pizza": 10]))
    }

    func handler(_ publisher: ScriptedPublisher) -> (InventoryHandler, OutboxRelay) {
        let relay = OutboxRelay(outbox: ledger.outbox, publisher: publisher, logger: Logger(label: "test"))
        let outputs = InventoryOutputs(outcome: { outcome in
            OutboundMessage(
                destination: "inventory-events", body: EventJSON.bytes(outcome), messageID: outcome.messageID)
        })
        let handler = InventoryHandler(
            ledger: ledger, publisher: publisher, outputs: outputs, stats: ConsumerStats(), relay: relay,
            logger: Logger(label: "test"))
        return (handler, relay)
    }

    func orders(_ count: Int) -> [InboundMessage] {
        (0..<count).map { index in
            let order = OrderRequest(
                userID: "u", lines: [.init(itemID: "pizza", quantity: 1, price: 1)], orderID: "o\(index)"
            ).place()
            return InboundMessage(
                source: "order-events", position: MessagePosition(partition: 0, offset: Int64(index)),
                body: EventJSON.bytes(OrderPlaced(order: order)))
        }
    }

    @Test func aConfirmedBatchLeavesNothingInTheOutboxAndMovesTheReader() async throws {
        let publisher = ScriptedPublisher(.confirm(PublishReceipt()))
        let (handler, _) = handler(publisher)
        try await ledger.readerOffsets.skip(to: 0, of: "order-events")
        let dispositions = await handler.handle(batch: orders(3))
        #expect(dispositions == [.ack, .ack, .ack])
        #expect(publisher.published.withLock { $0.count } == 3)
        #expect(try await ledger.outbox.count() == 0)
        #expect(try await ledger.readerOffsets.position(of: "order-events")?.next == 3)
        #expect(try await ledger.stock() == StockLevels(["pizza": 7]))
    }

    /// The broker refuses the outputs after the decisions committed: the
    /// messages are finished (their decisions are durable), the outputs wait
    /// in the outbox, and the relay sends them once the broker takes them.
    @Test func outputsTheBrokerRefusedWaitInTheOutboxAndTheRelaySendsThem() async throws {
        let refusing = ScriptedPublisher(.fail)
        let (handler, _) = handler(refusing)
        try await ledger.readerOffsets.skip(to: 0, of: "order-events")
        let dispositions = await handler.handle(batch: orders(2))
        #expect(dispositions == [.ack, .ack])
        #expect(try await ledger.readerOffsets.position(of: "order-events")?.next == 2)
        #expect(try await ledger.outbox.count() == 2)

        let confirming = ScriptedPublisher(.confirm(PublishReceipt()))
        let relay = OutboxRelay(outbox: ledger.outbox, publisher: confirming, logger: Logger(label: "test"))
        // A record is sent by a sweep once it has been seen waiting by the one before.
        await relay.sweep()
        #expect(try await ledger.outbox.count() == 2)
        await relay.sweep()
        #expect(try await ledger.outbox.count() == 0)
        let sent = confirming.published.withLock { $0 }
        #expect(Set(sent.compactMap(\.messageID)) == Set(refusing.published.withLock { $0 }.compactMap(\.messageID)))
        #expect(sent.count == 2)
    }
}
