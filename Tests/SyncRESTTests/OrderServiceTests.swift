import Faults
import AsyncHTTPClient
import Foundation
import Hummingbird
import HummingbirdTesting
import LabKit
import Logging
import OrderDomain
import SyncREST
import Testing

/// OrderService's answers that need no live downstream: validation, and a
/// downstream that is not there. The full chain is exercised between real
/// processes by `sync-rest/tests/run_tests.sh`.
@Suite struct OrderServiceTests {
    func withOrderService(_ body: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let http = HTTPClientFactory.downstream()
        // Port 1 on loopback: nothing listens there, so connects are refused.
        let configuration = OrderServiceConfiguration(
            inventoryURL: "http://127.0.0.1:1", notificationURL: "http://127.0.0.1:1", downstreamTimeout: .seconds(2),
            limits: OrderLimits(maxBodyBytes: 1_024))
        let service = OrderService(
            configuration: configuration, http: http, faults: FaultInjector(),
            outbox: try CompensationOutbox(store: .memory), logger: Logger(label: "test"))
        do {
            try await Application(router: service.router()).test(.router, body)
        } catch {
            try await http.shutdown()
            throw error
        }
        try await http.shutdown()
    }

    @Test(arguments: [
        ("{oops", "malformed_json"),
        (#"{"user_id":"u","item":"pizza"}"#, "missing_field"),
        (#"{"user_id":"u","item":"pizza","quantity":-1}"#, "invalid_field"),
        (#"{"user_id":"u","item":"pizza","quantity":99999999}"#, "invalid_field"),
        (
            #"{"user_id":"u","item":"pizza","quantity":1,"pad":""# + String(repeating: "p", count: 2_000) + #""}"#,
            "body_too_large"
        ),
    ])
    func badOrdersGet400WithTheReason(body: String, code: String) async throws {
        try await withOrderService { client in
            try await client.execute(uri: "/order", method: .post, body: ByteBuffer(string: body)) { response in
                #expect(response.status.code == (code == "body_too_large" ? 413 : 400))
                let error = try JSONDecoder().decode(ErrorBody.self, from: Data(buffer: response.body))
                #expect(error.error.code == code)
            }
        }
    }

    @Test func inventoryDownIs503() async throws {
        try await withOrderService { client in
            let body = ByteBuffer(string: #"{"user_id":"u","item":"pizza","quantity":1}"#)
            try await client.execute(uri: "/order", method: .post, body: body) { response in
                #expect(response.status == .serviceUnavailable)
                let error = try JSONDecoder().decode(ErrorBody.self, from: Data(buffer: response.body))
                #expect(error.error.code == "inventory_unavailable")
                #expect(error.error.message.contains("127.0.0.1:1"))
            }
        }
    }
}
