import Foundation
import Testing

@testable import OrderDomain

/// The fast path must read exactly what `JSONDecoder` reads, or step aside
/// (nil) and leave the verdict to `JSONDecoder`.
@Suite struct FastEventDecodingTests {
    static let seedShaped = """
        {
          "total_amount": 99.5, "status": "placed", "event_type": "OrderPlaced",
          "order_id": "o-1", "user_id": "u-1", "extra": [1, {"nested": null}, true],
          "items": [ {"item_id": "burger", "quantity": 2, "price": 10}, {"price": 3.25e1, "quantity": 1, "item_id": "x"} ],
          "timestamp": "2026-11-21T05:00:00.123456"
        }
        """

    static let readable: [String] = [
        String(
            decoding: EventJSON.bytes(
                OrderPlaced(
                    order: OrderRequest(
                        userID: "u",
                        lines: [
                            .init(itemID: "pizza", quantity: 3, price: 12.5)
                        ]
                    ).place())), as: UTF8.self),
        seedShaped,
        seedShaped.replacingOccurrences(of: "\"extra\"", with: "\"message_id\": null, \"extra\""),
        seedShaped.replacingOccurrences(of: "\"extra\"", with: "\"message_id\": \"m-9\", \"extra\""),
        seedShaped.replacingOccurrences(of: "\"placed\"", with: "\"failed\""),
        seedShaped.replacingOccurrences(of: "\"OrderPlaced\"", with: "\"SomethingElse\""),
    ]

    /// JSONDecoder decides these; the fast path must not claim them.
    static let leftToJSONDecoder: [String] = [
        seedShaped.replacingOccurrences(of: "\"quantity\": 2", with: "\"quantity\": 1.5"),
        seedShaped.replacingOccurrences(of: "\"quantity\": 2", with: "\"quantity\": \"2\""),
        seedShaped.replacingOccurrences(of: "\"quantity\": 2", with: "\"quantity\": 2.0"),
        seedShaped.replacingOccurrences(of: "\"user_id\": \"u-1\",", with: ""),
        seedShaped.replacingOccurrences(of: "\"placed\"", with: "\"weird\""),
        seedShaped.replacingOccurrences(of: "\"u-1\"", with: "\"u-\\u0031\""),
        seedShaped.replacingOccurrences(of: "\"u-1\"", with: "\"u-1\", \"user_id\": \"again\""),
        seedShaped.replacingOccurrences(of: "\"quantity\": 2", with: "\"quantity\": 02"),
        seedShaped.replacingOccurrences(of: "10}", with: "10,}"),
        seedShaped.replacingOccurrences(of: "99.5", with: "1e999"),
        seedShaped + " trailing",
        String(seedShaped.dropLast(5)),
        String(repeating: "[", count: 100) + String(repeating: "]", count: 100),
        "[]",
        "",
    ]

    @Test(arguments: readable) func readsWhatJSONDecoderReads(_ body: String) throws {
        let fast = try #require(OrderPlaced(fastJSON: Array(body.utf8)), "the fast path gave up on \(body)")
        let reference = try JSONDecoder().decode(OrderPlaced.self, from: Data(body.utf8))
        #expect(fast == reference)
    }

    @Test(arguments: leftToJSONDecoder) func stepsAsideForTheRest(_ body: String) {
        #expect(OrderPlaced(fastJSON: Array(body.utf8)) == nil)
    }

    @Test func invalidUTF8IsLeftToJSONDecoder() {
        var bytes = Array(Self.seedShaped.utf8)
        let at = bytes.firstIndex(of: UInt8(ascii: "u"))!
        bytes[at] = 0xFF
        #expect(OrderPlaced(fastJSON: bytes) == nil)
    }

    @Test func theConsumersVerdictIsUnchanged() throws {
        #expect(throws: EventValidationError.self) {
            try OrderPlaced.decode(
                Array(Self.seedShaped.replacingOccurrences(of: "\"quantity\": 2", with: "\"quantity\": -2").utf8))
        }
        #expect(throws: EventValidationError.self) {
            try OrderPlaced.decode(
                Array(Self.seedShaped.replacingOccurrences(of: "\"quantity\": 2", with: "\"quantity\": 1.5").utf8))
        }
        #expect(try OrderPlaced.decode(Array(Self.seedShaped.utf8)).order.items.count == 2)
    }

    @Test func outcomesReadAsJSONDecoderReadsThem() throws {
        let event = OrderPlaced(
            order: OrderRequest(userID: "u", lines: [.init(itemID: "tea", quantity: 2, price: 1)]).place())
        let reserved = InventoryOutcome(for: event, outcome: .reserved([ItemQuantity(itemID: "tea", quantity: 2)]))
        let lean =
            #"{"event_type": "InventoryReserved", "order_id": "o-7", "timestamp": "2026-11-21T05:00:00Z", "placed_at": null}"#
        for body in [EventJSON.bytes(reserved), Array(lean.utf8)] {
            let fast = try #require(InventoryOutcome(fastJSON: body))
            #expect(fast == (try JSONDecoder().decode(InventoryOutcome.self, from: Data(body))))
        }
        let refused = InventoryOutcome(for: event, outcome: .rejected(.unknownItem(itemID: "tea")))
        #expect(InventoryOutcome(fastJSON: EventJSON.bytes(refused)) == nil, "a reason is left to JSONDecoder")
        #expect(try InventoryOutcome.decode(EventJSON.bytes(refused)) == refused)
    }
}
