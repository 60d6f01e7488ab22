import AMQP
import AsyncQueue
import Foundation
import Hummingbird
import HummingbirdTesting
import LabKit
import Logging
import Testing

/// Part B's OrderService when there is no broker: a clear 503, never a 202;
/// and bad bodies are 400s before any broker is involved.
@Suite struct AsyncOrderServiceTests {
    /// Built as `commlab serve async-queue order` builds it.
    func app() throws -> some ApplicationProtocol {
        let port = FreePort.find(count: 1).first ?? 1
        let options = try AsyncQueueServeOptions.parse([
            "--amqp-url", "amqp://guest:guest@127.0.0.1:\(port)/", "--publish-timeout-ms", "2000",
        ])
        let built = try AsyncQueueServices.build(.order, options: options, logger: Logger(label: "test"))
        return Application(router: built.router)
    }

    @Test func brokerDownIs503NotASilent202() async throws {
        try await app().test(.router) { client in
            let body = ByteBuffer(string: #"{"user_id":"u","item":"pizza","quantity":1}"#)
            try await client.execute(uri: "/order", method: .post, body: body) { response in
                #expect(response.status == .serviceUnavailable)
                let error = try JSONDecoder().decode(ErrorBody.self, from: Data(buffer: response.body))
                #expect(error.error.code == "broker_unavailable")
                #expect(error.error.message.contains("127.0.0.1"))
            }
        }
    }

    @Test(arguments: [
        ("{oops", "malformed_json"), (#"{"user_id":"u","item":"pizza","quantity":0}"#, "invalid_field"),
        (#"{"item":"pizza","quantity":1}"#, "missing_field"),
        (
            #"{"user_id":"u","item":"pizza","quantity":1,"pad":""# + String(repeating: "x", count: 70_000) + #""}"#,
            "body_too_large"
        ),
    ])
    func badBodiesAre400(body: String, code: String) async throws {
        try await app().test(.router) { client in
            try await client.execute(uri: "/order", method: .post, body: ByteBuffer(string: body)) { response in
                #expect(response.status.code == (code == "body_too_large" ? 413 : 400))
                let error = try JSONDecoder().decode(ErrorBody.self, from: Data(buffer: response.body))
                #expect(error.error.code == code)
            }
        }
    }
}
