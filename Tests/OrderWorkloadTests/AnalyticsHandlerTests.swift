import Messaging
import OrderDomain
import OrderWorkload
import Testing

/// The log models' analytics consumer on its own: what each record counts as, each once, and what is dead-lettered.
@Suite struct AnalyticsHandlerTests {
    let analytics: OrderAnalytics
    let handler: AnalyticsHandler

    init() throws {
        analytics = try OrderAnalytics(store: .memory)
        handler = AnalyticsHandler(analytics: analytics, stats: ConsumerStats(), orderSource: "order-events")
    }

    func record(_ topic: String, _ body: [UInt8], offset: Int64, headers: [String: [UInt8]] = [:]) -> InboundMessage {
        InboundMessage(
            source: topic, position: MessagePosition(partition: 0, offset: offset), body: body, headers: headers)
    }

    @Test func ordersAndOutcomesAreCountedOnceAndItemEventsIgnored() async throws {
        let placed = WireFormatExamples.orderPlaced
        let item = InventoryItemEvent(
            sourceEventID: placed.messageID, orderID: placed.order.orderID, action: .reserve,
            item: placed.order.quantitiesByItem[0])
        let batch = [
            record("order-events", EventJSON.bytes(placed), offset: 0),
            // The same order appended again (a client's retry) is one order.
            record("order-events", EventJSON.bytes(OrderPlaced(order: placed.order)), offset: 1),
            record("inventory-events", EventJSON.bytes(WireFormatExamples.reserved), offset: 0),
            record(
                "inventory-events", EventJSON.bytes(item), offset: 1,
                headers: [OrderEventHeaders.eventType: Array(InventoryItemEvent.eventType.utf8)]),
            // A per-item event from a producer that sets no header is recognised by its body.
            record("inventory-events", EventJSON.bytes(item), offset: 2),
        ]
        let dispositions = await handler.handle(batch: batch)
        #expect(dispositions == Array(repeating: .ack, count: batch.count))
        let metrics = try await analytics.metrics()
        #expect(metrics.totalOrders == 1)
        #expect(metrics.inventoryReserved == 1)
        #expect(metrics.malformed == 0)
        // Delivered again after a crash: nothing changes.
        _ = await handler.handle(batch: batch)
        #expect(try await analytics.metrics() == metrics)
    }

    @Test func anUnreadableRecordIsCountedAsMalformedAndDeadLetteredWithItsReason() async throws {
        let dispositions = await handler.handle(batch: [
            record("order-events", Array("{this is not an event".utf8), offset: 7)
        ])
        guard case .deadLetter(let reason) = dispositions.first else {
            Issue.record("expected a dead letter, got \(dispositions)")
            return
        }
        #expect(reason.contains("not JSON"), "\(reason)")
        #expect(try await analytics.metrics().malformed == 1)
    }

    /// Kept beside the counts, the reader's offsets move in the counts' transaction; a dead letter's is
    /// left to the subscription, which records it once the dead letter is confirmed.
    @Test func aReaderKeepingItsOffsetsFinishesWhatItCountedInTheSameTransaction() async throws {
        let keeping = AnalyticsHandler(
            analytics: analytics, stats: ConsumerStats(), orderSource: "order-events", keepsOffsets: true)
        try await analytics.readerOffsets.skip(to: 0, of: "order-events")
        let dispositions = await keeping.handle(batch: [
            record("order-events", EventJSON.bytes(WireFormatExamples.orderPlaced), offset: 0),
            record("order-events", Array("{not an event".utf8), offset: 1),
            record(
                "order-events", EventJSON.bytes(OrderPlaced(order: WireFormatExamples.orderPlaced.order)), offset: 2),
        ])
        #expect(dispositions[0] == .ack && dispositions[2] == .ack)
        #expect(try await analytics.readerOffsets.position(of: "order-events") == .init(next: 1, finishedAhead: [2]))
        #expect(try await analytics.metrics().totalOrders == 1)
    }
}
