import AsyncHTTPClient
import Comparison
import Foundation
import Hummingbird
import HummingbirdTesting
import LabKit
import Testing

@testable import Demo

/// The demo's HTTP side without models: bad controls get a clear 400, a
/// missing token a 401, a missing chart library says which package to install.
@Suite struct DemoServerTests {
    static let workload = try! WorkloadFile.parse(
        """
        rate: 10
        seed: 1
        client_timeout_ms: 1000
        downstream_timeout_ms: 500
        drain_limit_s: 5
        phases: { before: 1, window: 1, after: 1 }
        mix: [{ item: pizza, weight: 1, quantity: [1, 1] }]
        meant_to_fail: { share: 0, item: truffle }
        faults: [{ kind: baseline }]
        """, file: "test.yaml")

    func withServer(
        token: String? = nil, chartLibrary: String = DemoServer.debianChartJS,
        _ body: @Sendable (any TestClientProtocol) async throws -> Void
    ) async throws {
        let http = HTTPClientFactory.lab(connectionsPerHost: 1)
        let engine = DemoEngine(members: [], http: http, workload: Self.workload, rate: 10)
        let server = DemoServer(engine: engine, token: token, chartLibrary: chartLibrary)
        let app = Application(router: server.router())
        do {
            try await app.test(.router) { client in try await body(client) }
        } catch {
            try? await http.shutdown()
            throw error
        }
        try await http.shutdown()
    }

    @Test func malformedControlIsRefusedWithTheExpectedShape() async throws {
        try await withServer { client in
            try await client.execute(uri: "/control", method: .post, body: ByteBuffer(string: "{not json")) {
                #expect($0.status == .badRequest)
                #expect(String(buffer: $0.body).contains("invalid_control"))
            }
            try await client.execute(
                uri: "/control", method: .post, body: ByteBuffer(string: #"{"action":"explode","model":"a"}"#)
            ) {
                #expect($0.status == .badRequest)
            }
            try await client.execute(
                uri: "/control", method: .post,
                body: ByteBuffer(string: #"{"action":"start","fault":"meteor_strike","model":"a"}"#)
            ) {
                #expect($0.status == .badRequest)
                #expect(String(buffer: $0.body).contains("inventory_down"), "the error lists the catalogue's faults")
            }
            try await client.execute(
                uri: "/control", method: .post, body: ByteBuffer(string: #"{"action":"start","model":"a"}"#)
            ) {
                #expect($0.status == .badRequest)
                #expect(String(buffer: $0.body).contains("needs a fault"))
            }
        }
    }

    @Test func anUnknownModelIsRefused() async throws {
        try await withServer { client in
            try await client.execute(
                uri: "/control", method: .post,
                body: ByteBuffer(string: #"{"action":"start","fault":"inventory_down","model":"z"}"#)
            ) {
                #expect($0.status == .badRequest)
                #expect(String(buffer: $0.body).contains("unknown_model"))
            }
        }
    }

    @Test func controlsNeedTheTokenWhenOneIsSet() async throws {
        try await withServer(token: "s3cret") { client in
            let body = ByteBuffer(string: #"{"action":"rate","model":"all","value":5}"#)
            try await client.execute(uri: "/control", method: .post, body: body) {
                #expect($0.status == .unauthorized)
            }
            try await client.execute(
                uri: "/control", method: .post, headers: [.authorization: "Bearer wrong"], body: body
            ) {
                #expect($0.status == .unauthorized)
            }
            try await client.execute(
                uri: "/control", method: .post, headers: [.authorization: "Bearer s3cret"], body: body
            ) {
                #expect($0.status == .ok)
                #expect(String(buffer: $0.body).contains("rate 5/s"))
            }
        }
    }

    @Test func theRateIsClampedAndLogged() async throws {
        try await withServer { client in
            try await client.execute(
                uri: "/control", method: .post,
                body: ByteBuffer(string: #"{"action":"rate","model":"all","value":100000}"#)
            ) {
                #expect($0.status == .ok)
                #expect(String(buffer: $0.body).contains("rate 500/s"))
            }
        }
    }

    @Test func aMissingChartLibraryNamesThePackage() async throws {
        try await withServer(chartLibrary: "/nonexistent/chart.min.js") { client in
            try await client.execute(uri: "/chart.js", method: .get) {
                #expect($0.status == .notFound)
                #expect(String(buffer: $0.body).contains("libjs-chart.js"))
            }
        }
    }

    @Test func thePageLoadsChartJSFromTheDemoItself() async throws {
        try await withServer { client in
            try await client.execute(uri: "/", method: .get) {
                #expect($0.status == .ok)
                let page = String(buffer: $0.body)
                #expect(page.contains(#"<script src="/chart.js">"#))
                #expect(!page.contains("http://") && !page.contains("https://"), "no resource from the internet")
            }
        }
    }

    @Test func onlyLoopbackGoesWithoutAToken() {
        #expect(DemoOptions.isLoopback("127.0.0.1"))
        #expect(DemoOptions.isLoopback("localhost"))
        #expect(!DemoOptions.isLoopback("0.0.0.0"))
        #expect(!DemoOptions.isLoopback("192.168.1.4"))
    }
}
