import Foundation
import OrderDomain
import Testing

@Suite struct OrderRequestTests {
    func parse(_ json: String, limits: OrderLimits = .standard) throws(OrderValidationError) -> OrderRequest {
        try OrderRequest.parse(Data(json.utf8), limits: limits)
    }

    func error(_ json: String, limits: OrderLimits = .standard) -> OrderValidationError? {
        error(Data(json.utf8), limits: limits)
    }

    func error(_ body: Data, limits: OrderLimits = .standard) -> OrderValidationError? {
        do {
            _ = try OrderRequest.parse(body, limits: limits)
            return nil
        } catch {
            return error
        }
    }

    @Test func shortFormBecomesOneLineWithCatalogPrice() throws {
        let request = try parse(#"{"user_id":"u1","item":"pizza","quantity":2}"#)
        #expect(request.userID == "u1")
        #expect(request.lines == [OrderLine(itemID: "pizza", quantity: 2, price: 12.5)])
        #expect(request.place(orderID: "o1").totalAmount == 25)
    }

    @Test func fullFormKeepsEveryLineAndItsPrice() throws {
        let request = try parse(
            #"{"user_id":"u1","items":[{"item_id":"pizza","quantity":1,"price":10},{"item_id":"salad","quantity":3}]}"#)
        #expect(request.lines.count == 2)
        #expect(request.lines[0].price == 10)
        #expect(request.lines[1].price == 7.5)
        #expect(request.place().totalAmount == 32.5)
    }

    @Test func placedOrderMergesRepeatedItemsForReservation() {
        let order = OrderRequest(
            userID: "u",
            lines: [.init(itemID: "pizza", quantity: 1, price: 1), .init(itemID: "pizza", quantity: 2, price: 1)]
        ).place()
        #expect(order.quantitiesByItem == [ItemQuantity(itemID: "pizza", quantity: 3)])
        #expect(order.status == .placed)
    }

    @Test func malformedJSONIsReportedNotThrownAsCrash() {
        #expect(error("{not json")?.code == "malformed_json")
        #expect(error("[1,2]")?.code == "malformed_json")
        #expect(error("")?.code == "malformed_json")
    }

    @Test func missingFieldsAreNamed() {
        #expect(error(#"{"item":"pizza","quantity":1}"#) == .missingField("user_id"))
        #expect(error(#"{"user_id":"u","quantity":1}"#) == .missingField("item"))
        #expect(error(#"{"user_id":"u","item":"pizza"}"#) == .missingField("quantity"))
        #expect(error(#"{"user_id":"u","items":[{"item_id":"pizza"}]}"#) == .missingField("items[0].quantity"))
        #expect(error(#"{"user_id":null,"item":"pizza","quantity":1}"#) == .missingField("user_id"))
    }

    @Test(arguments: [0, -1, -100])
    func quantityBelowOneIsRefused(quantity: Int) {
        #expect(error(#"{"user_id":"u","item":"pizza","quantity":\#(quantity)}"#)?.field == "quantity")
    }

    @Test func absurdQuantityIsRefused() {
        let limits = OrderLimits(maxQuantity: 50)
        #expect(error(#"{"user_id":"u","item":"pizza","quantity":51}"#, limits: limits)?.field == "quantity")
        #expect(error(#"{"user_id":"u","item":"pizza","quantity":1e30}"#)?.field == "quantity")
        #expect(error(#"{"user_id":"u","item":"pizza","quantity":2.5}"#)?.field == "quantity")
    }

    @Test func wrongTypesNameTheField() {
        #expect(
            error(#"{"user_id":"u","item":"pizza","quantity":"two"}"#)
                == .invalidField("quantity", reason: "must be a number"))
        #expect(error(#"{"user_id":5,"item":"pizza","quantity":1}"#)?.field == "user_id")
        #expect(error(#"{"user_id":"u","items":"pizza"}"#)?.field == "items")
    }

    @Test func emptyOrMixedFormsAreRefused() {
        #expect(error(#"{"user_id":"u","items":[]}"#)?.field == "items")
        #expect(
            error(#"{"user_id":"u","item":"pizza","quantity":1,"items":[{"item_id":"pizza","quantity":1}]}"#)?.field
                == "items")
        #expect(error(#"{"user_id":"  ","item":"pizza","quantity":1}"#)?.field == "user_id")
        #expect(error(#"{"user_id":"u","item":"","quantity":1}"#)?.field == "item")
        #expect(error(#"{"user_id":"u\n","item":"pizza","quantity":1}"#)?.field == "user_id")
    }

    @Test func negativePriceIsRefused() {
        #expect(
            error(#"{"user_id":"u","items":[{"item_id":"pizza","quantity":1,"price":-1}]}"#)?.field == "items[0].price")
    }

    @Test func oversizedBodyIsRefusedBeforeParsing() {
        let limits = OrderLimits(maxBodyBytes: 64)
        let body = #"{"user_id":"u","item":"pizza","quantity":1,"pad":"\#(String(repeating: "x", count: 100))"}"#
        #expect(error(body, limits: limits) == .bodyTooLarge(limit: 64))
    }

    @Test func tooManyLinesAreRefused() {
        let lines = (0..<3).map { _ in #"{"item_id":"pizza","quantity":1}"# }.joined(separator: ",")
        #expect(error(#"{"user_id":"u","items":[\#(lines)]}"#, limits: OrderLimits(maxLines: 2))?.field == "items")
    }

    @Test func aHugePriceIsRefusedSoTheTotalStaysFinite() {
        let body = Data(#"{"user_id":"u","item":"pizza","quantity":2,"price":1e308}"#.utf8)
        guard case .invalidField(let field, _)? = error(body) else {
            Issue.record("expected an invalid price, got \(String(describing: error(body)))")
            return
        }
        #expect(field == "price")
    }

    @Test func theClientsOrderIDIsKeptAndChecked() throws {
        let request = try OrderRequest.parse(
            Data(#"{"order_id":"o-7","user_id":"u","item":"pizza","quantity":1}"#.utf8))
        #expect(request.place().orderID == "o-7")
        let long = Data(
            (#"{"order_id":""# + String(repeating: "x", count: 500) + #"","user_id":"u","item":"pizza","quantity":1}"#)
                .utf8)
        guard case .invalidField(let field, _)? = error(long) else {
            Issue.record("expected an invalid order_id")
            return
        }
        #expect(field == "order_id")
    }

    @Test func nonUTF8AndDeepNestingAreMalformedNotCrashes() {
        var bytes = Array(#"{"user_id":""#.utf8)
        bytes += [0xFF, 0xFE]
        bytes += Array(#"","item":"pizza","quantity":1}"#.utf8)
        #expect(error(Data(bytes))?.code == "malformed_json")
        let nested = Data((String(repeating: "[", count: 30_000) + String(repeating: "]", count: 30_000)).utf8)
        #expect(error(nested, limits: OrderLimits(maxBodyBytes: 100_000))?.code == "malformed_json")
    }
}
