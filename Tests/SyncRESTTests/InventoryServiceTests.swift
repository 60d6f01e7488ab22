import Faults
import Foundation
import Hummingbird
import HummingbirdTesting
import LabKit
import OrderDomain
import SyncREST
import Testing

@Suite struct InventoryServiceTests {
    func app() throws -> some ApplicationProtocol {
        let ledger = try InventoryLedger(store: .memory, initialStock: StockLevels(["pizza": 3]))
        return Application(router: InventoryService(ledger: ledger, faults: FaultInjector()).router())
    }

    func reserve(_ orderID: String, _ quantity: Int) -> ByteBuffer {
        ByteBuffer(string: #"{"order_id":"\#(orderID)","items":[{"item_id":"pizza","quantity":\#(quantity)}]}"#)
    }

    @Test func reservesThenRefusesWhenStockRunsOut() async throws {
        try await app().test(.router) { client in
            try await client.execute(uri: "/reserve", method: .post, body: reserve("o1", 2)) { response in
                #expect(response.status == .ok)
                let body = try JSONDecoder().decode(ReserveResponse.self, from: Data(buffer: response.body))
                #expect(body.status == "reserved")
            }
            try await client.execute(uri: "/reserve", method: .post, body: reserve("o2", 2)) { response in
                #expect(response.status == .conflict)
                let body = try JSONDecoder().decode(ReserveResponse.self, from: Data(buffer: response.body))
                #expect(body.reason == .insufficientStock(itemID: "pizza", requested: 2, available: 1))
            }
            try await client.execute(uri: "/stock", method: .get) { response in
                #expect(String(buffer: response.body) == #"{"pizza":1}"#)
            }
        }
    }

    /// The same item on two lines is one reservation of the sum, not a 500
    /// from the stock constraint.
    @Test func anItemOnTwoLinesIsReservedOnceForTheSum() async throws {
        try await app().test(.router) { client in
            let twoLines = ByteBuffer(
                string:
                    #"{"order_id":"o1","items":[{"item_id":"pizza","quantity":2},{"item_id":"pizza","quantity":2}]}"#)
            try await client.execute(uri: "/reserve", method: .post, body: twoLines) { response in
                #expect(response.status == .conflict)
                let body = try JSONDecoder().decode(ReserveResponse.self, from: Data(buffer: response.body))
                #expect(body.reason == .insufficientStock(itemID: "pizza", requested: 4, available: 3))
            }
            let fits = ByteBuffer(
                string:
                    #"{"order_id":"o2","items":[{"item_id":"pizza","quantity":1},{"item_id":"pizza","quantity":2}]}"#)
            try await client.execute(uri: "/reserve", method: .post, body: fits) { response in
                #expect(response.status == .ok)
            }
            try await client.execute(uri: "/stock", method: .get) { response in
                #expect(String(buffer: response.body) == #"{"pizza":0}"#)
            }
        }
    }

    @Test func retriedReservationIsReplayedNotRepeated() async throws {
        try await app().test(.router) { client in
            for _ in 0..<2 {
                try await client.execute(uri: "/reserve", method: .post, body: reserve("o1", 1)) {
                    #expect($0.status == .ok)
                }
            }
            try await client.execute(uri: "/stock", method: .get) {
                #expect(String(buffer: $0.body) == #"{"pizza":2}"#)
            }
        }
    }

    @Test(arguments: [
        "{broken", #"{"order_id":"o1"}"#, #"{"order_id":"o1","items":[]}"#,
        #"{"order_id":"o1","items":[{"item_id":"pizza","quantity":-2}]}"#,
        #"{"order_id":"","items":[{"item_id":"pizza","quantity":1}]}"#,
    ])
    func badReserveBodiesGet400(body: String) async throws {
        try await app().test(.router) { client in
            try await client.execute(uri: "/reserve", method: .post, body: ByteBuffer(string: body)) { response in
                #expect(response.status == .badRequest)
                #expect((try? JSONDecoder().decode(ErrorBody.self, from: Data(buffer: response.body))) != nil)
            }
            try await client.execute(uri: "/stock", method: .get) {
                #expect(String(buffer: $0.body) == #"{"pizza":3}"#)
            }
        }
    }

    @Test func releaseReturnsStock() async throws {
        try await app().test(.router) { client in
            try await client.execute(uri: "/reserve", method: .post, body: reserve("o1", 3)) {
                #expect($0.status == .ok)
            }
            try await client.execute(uri: "/release", method: .post, body: ByteBuffer(string: #"{"order_id":"o1"}"#)) {
                #expect($0.status == .ok)
            }
            try await client.execute(uri: "/stock", method: .get) {
                #expect(String(buffer: $0.body) == #"{"pizza":3}"#)
            }
        }
    }
}
