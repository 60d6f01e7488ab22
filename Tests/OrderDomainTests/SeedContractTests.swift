import Foundation
import OrderDomain
import Testing

/// The seeds' event format in both directions: what a producer written from
/// seed 003 sends is read, and what commlab sends carries every field a
/// consumer written from the seed reads.
@Suite struct SeedContractTests {
    @Test func theSeedsOrderPlacedExampleIsReadVerbatim() throws {
        let event = try OrderPlaced.decode(Array(SeedEventFormat.orderPlacedExample.utf8))
        #expect(event.order.orderID == "order_000001")
        #expect(event.order.userID == "user_123")
        #expect(event.order.items == [OrderLine(itemID: "burger", quantity: 2, price: 10.0)])
        #expect(event.order.totalAmount == 20.0)
        #expect(event.order.status == .placed)
        // No message_id: the idempotency key is the order id, as in the seeds' consumers.
        #expect(event.messageID == "order_000001")
        // No zone: UTC.
        #expect(event.timestamp == Timestamp(iso8601: "2024-01-15T10:30:00Z"))
    }

    @Test func aFailedOrderFromTheSeedsProducerIsRead() throws {
        let failed = SeedEventFormat.orderPlacedExample.replacingOccurrences(
            of: #""status": "placed""#, with: #""status": "failed""#)
        #expect(try OrderPlaced.decode(Array(failed.utf8)).order.status == .failed)
    }

    @Test func unknownFieldsAreIgnoredAndAGivenMessageIDWins() throws {
        let extended = SeedEventFormat.orderPlacedExample.replacingOccurrences(
            of: #"{"event_type""#, with: #"{"message_id": "m-1", "source": "kiosk", "event_type""#)
        let event = try OrderPlaced.decode(Array(extended.utf8))
        #expect(event.messageID == "m-1")
        #expect(event.order.orderID == "order_000001")
    }

    @Test func commlabsOrderPlacedCarriesEverySeedField() throws {
        let order = OrderRequest(userID: "u1", lines: [.init(itemID: "pizza", quantity: 3, price: 12.5)]).place()
        for status in [OrderStatus.placed, .failed] {
            var event = OrderPlaced(order: order)
            event.order.status = status
            let bytes = EventJSON.bytes(event)
            #expect(
                SeedEventFormat.problems(readingOrderPlaced: bytes).isEmpty, "\(String(decoding: bytes, as: UTF8.self))"
            )
            #expect(try OrderPlaced.decode(bytes) == event)
        }
    }

    @Test func theSeedReaderNoticesAMissingOrMistypedField() {
        let noItems =
            #"{"event_type":"OrderPlaced","order_id":"o","user_id":"u","total_amount":1,"status":"placed","timestamp":"2024-01-15T10:30:00"}"#
        #expect(SeedEventFormat.problems(readingOrderPlaced: Array(noItems.utf8)) == ["items missing"])
        let boolTotal = SeedEventFormat.orderPlacedExample.replacingOccurrences(
            of: #""total_amount": 20.0"#, with: #""total_amount": true"#)
        #expect(SeedEventFormat.problems(readingOrderPlaced: Array(boolTotal.utf8)) == ["total_amount is not a number"])
    }

    @Test func aLeanInventoryOutcomeFromASeedStyleConsumerIsRead() throws {
        let lean =
            #"{"event_type": "InventoryReserved", "order_id": "order_000001", "timestamp": "2024-01-15T10:30:01"}"#
        let outcome = try InventoryOutcome.decode(Array(lean.utf8))
        #expect(outcome.isReserved)
        #expect(outcome.orderID == "order_000001")
        #expect(outcome.messageID == "order_000001/InventoryReserved")
        #expect(outcome.placedAt == outcome.timestamp)
        let failed =
            #"{"event_type": "InventoryFailed", "order_id": "order_000002", "timestamp": "2024-01-15T10:30:02"}"#
        #expect(try InventoryOutcome.decode(Array(failed.utf8)).isReserved == false)
    }

    @Test func commlabsOutcomesRoundTrip() throws {
        let event = OrderPlaced(
            order: OrderRequest(userID: "u1", lines: [.init(itemID: "salad", quantity: 1, price: 8)]).place())
        for decision in [
            ReservationOutcome.reserved([ItemQuantity(itemID: "salad", quantity: 1)]),
            .rejected(.insufficientStock(itemID: "salad", requested: 1, available: 0)),
        ] {
            let outcome = InventoryOutcome(for: event, outcome: decision)
            #expect(try InventoryOutcome.decode(EventJSON.bytes(outcome)) == outcome)
        }
    }
}
