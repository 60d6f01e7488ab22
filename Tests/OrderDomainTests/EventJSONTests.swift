import Foundation
import Testing

@testable import OrderDomain

/// The events written byte by byte must read back, with `JSONDecoder`, as
/// the values that were written, whatever their strings hold.
@Suite struct EventJSONTests {
    static let awkward = "quote \" backslash \\ newline \n tab \t bell \u{07} é 🍕"

    @Test func orderPlacedReadsBackAsWritten() throws {
        var order = OrderRequest(
            userID: Self.awkward,
            lines: [.init(itemID: "pizza", quantity: 2, price: 12.5), .init(itemID: "tea", quantity: 1, price: 3)]
        ).place()
        order.status = .failed
        let event = OrderPlaced(order: order, messageID: "m-\(Self.awkward)")
        let bytes = EventJSON.bytes(event)
        #expect(try JSONDecoder().decode(OrderPlaced.self, from: Data(bytes)) == event)
        #expect(try OrderPlaced.decode(bytes) == event, "the consumer's own check accepts it")
        let object = try #require(JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
        #expect(object["total_amount"] as? Double == 28.0)
        #expect(object["status"] as? String == "failed")
    }

    @Test func inventoryOutcomesReadBackAsWritten() throws {
        let order = OrderRequest(userID: "u1", lines: [.init(itemID: "pizza", quantity: 3, price: 1)]).place()
        let event = OrderPlaced(order: order)
        let reserved = InventoryOutcome(for: event, outcome: .reserved([ItemQuantity(itemID: "pizza", quantity: 3)]))
        let refused = InventoryOutcome(
            for: event, outcome: .rejected(.insufficientStock(itemID: "pizza", requested: 3, available: 1)))
        for outcome in [reserved, refused] {
            let bytes = EventJSON.bytes(outcome)
            #expect(try JSONDecoder().decode(InventoryOutcome.self, from: Data(bytes)) == outcome)
        }
        let object = try #require(JSONSerialization.jsonObject(with: Data(EventJSON.bytes(reserved))) as? [String: Any])
        #expect(object["reason"] == nil, "no reason field when reserved, as JSONEncoder leaves it out")
    }

    @Test func itemEventsReadBackAsWritten() throws {
        let item = InventoryItemEvent(
            sourceEventID: "o-1", orderID: "o-1", action: .release,
            item: ItemQuantity(itemID: Self.awkward, quantity: 4))
        #expect(try JSONDecoder().decode(InventoryItemEvent.self, from: Data(EventJSON.bytes(item))) == item)
    }
}

@Suite struct UUIDStringTests {
    @Test func idsAreVersion7UUIDsAndDistinct() {
        let ids = (0..<1_000).map { _ in UUIDString.make() }
        #expect(Set(ids).count == ids.count)
        for id in ids.prefix(50) {
            #expect(UUID(uuidString: id) != nil, "\(id) is not a UUID")
            #expect(id == id.lowercased())
            let characters = Array(id)
            #expect(characters[14] == "7", "version nibble of \(id)")
            #expect("89ab".contains(characters[19]), "variant nibble of \(id)")
        }
    }

    /// Ids made later sort after earlier ones (to the millisecond's fraction), so stores keyed by them append.
    @Test func idsGrowWithTimeAndCarryTheirMillisecond() throws {
        let before = UInt64(Date().timeIntervalSince1970 * 1_000)
        let first = UUIDString.make()
        Thread.sleep(forTimeInterval: 0.002)
        let second = UUIDString.make()
        let after = UInt64(Date().timeIntervalSince1970 * 1_000)
        #expect(first < second)
        let hex = first.replacingOccurrences(of: "-", with: "").prefix(12)
        let milliseconds = try #require(UInt64(hex, radix: 16))
        #expect(milliseconds >= before && milliseconds <= after)
    }
}

@Suite struct NotificationJSONTests {
    @Test func notificationsReadBackAsWritten() throws {
        let placed = Notification(
            orderID: "o-1", userID: EventJSONTests.awkward, message: "Order o-1 confirmed", placedAt: .now())
        let unplaced = Notification(orderID: "o-2", userID: "u", message: "line\nbreak")
        for notification in [placed, unplaced] {
            let bytes = EventJSON.bytes(notification)
            #expect(try JSONDecoder().decode(Notification.self, from: Data(bytes)) == notification)
        }
    }
}
