import Foundation
import OrderDomain
import Testing

@testable import SyncREST

@Suite struct ReserveRequestJSONTests {
    @Test func aReserveRequestReadsBackAsWritten() throws {
        let request = ReserveRequest(
            orderID: "o-\"1\"",
            items: [ItemQuantity(itemID: "pizza", quantity: 2), ItemQuantity(itemID: "tea", quantity: 1)])
        #expect(try JSONDecoder().decode(ReserveRequest.self, from: Data(EventJSON.bytes(request))) == request)
    }
}
