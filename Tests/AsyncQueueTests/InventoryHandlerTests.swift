import Faults
import AMQP
import AsyncQueue
import Foundation
import LabKit
import Messaging
import OrderWorkload
import Logging
import OrderDomain
import Testing

/// The consumer's verdict per message, with no broker reachable for its
/// output: poison is dead-lettered, a valid order whose outcome cannot be
/// published is put back, and its redelivery takes no stock twice.
@Suite struct InventoryHandlerTests {
    func consumer(stock: [String: Int] = ["pizza": 5]) throws -> (InventoryHandler, InventoryLedger, ConsumerStats) {
        let ledger = try InventoryLedger(store: .memory, initialStock: StockLevels(stock))
        let port = FreePort.find(count: 1).first ?? 1
        let publisher = AMQPPublisher(endpoint: AMQPEndpoint(port: port), logger: Logger(label: "test"))
        let stats = ConsumerStats()
        let consumer = InventoryHandler(
            ledger: ledger, publisher: publisher, outputs: AsyncQueueTopology.inventoryOutputs, stats: stats,
            logger: Logger(label: "test"))
        return (consumer, ledger, stats)
    }

    func delivery(_ body: [UInt8], messageID: String? = nil) -> InboundMessage {
        InboundMessage(
            source: AsyncQueueTopology.inventoryQueue, position: MessagePosition(partition: 0, offset: 1),
            body: body, messageID: messageID)
    }

    @Test(arguments: [
        "{not json", #"{"event_type":"OrderPlaced"}"#,
        #"{"event_type":"Other","message_id":"m","order_id":"o","user_id":"u","items":[{"item_id":"pizza","quantity":1,"price":1}],"total_amount":1,"status":"placed","timestamp":"2026-01-01T00:00:00Z"}"#,
        #"{"event_type":"OrderPlaced","message_id":"m","order_id":"o","user_id":"u","items":[{"item_id":"pizza","quantity":-1,"price":1}],"total_amount":1,"status":"placed","timestamp":"2026-01-01T00:00:00Z"}"#,
    ])
    func poisonIsDeadLettered(body: String) async throws {
        let (consumer, ledger, stats) = try consumer()
        let verdict = await consumer.handle(delivery(Array(body.utf8)))
        guard case .deadLetter = verdict else {
            Issue.record("expected a dead-letter verdict, got \(verdict)")
            return
        }
        #expect(stats.snapshot.reserved == 0)
        #expect(try await ledger.stock()["pizza"] == 5)
    }

    @Test func unpublishableOutcomeIsRetriedAndTheRetryTakesNoStockTwice() async throws {
        let (consumer, ledger, stats) = try consumer()
        let event = OrderPlaced(
            order: OrderRequest(userID: "u", lines: [.init(itemID: "pizza", quantity: 2, price: 1)]).place())
        let body = Array(try JSONEncoder().encode(event))
        for attempt in 1...2 {
            let verdict = await consumer.handle(delivery(body, messageID: event.messageID))
            guard case .retry = verdict else {
                Issue.record("attempt \(attempt): expected retry, got \(verdict)")
                return
            }
        }
        #expect(try await ledger.stock()["pizza"] == 3)
        #expect(stats.snapshot.reserved == 1)
        #expect(stats.snapshot.replayed == 1)
    }
}
