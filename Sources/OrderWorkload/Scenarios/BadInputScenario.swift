import AsyncHTTPClient
import Foundation
import LabKit
import NIOCore
import OrderDomain

/// Bad and hostile requests to the real order service each get a clear 4xx
/// with a JSON error (400, 413 for a body too large, 415 for one that is not
/// JSON), take no stock, complete nothing, and leave the service healthy.
public struct BadInputScenario<Lab: OrderLab>: Scenario {
    public let name = "bad-input"
    public let title = "malformed, invalid and hostile requests → 400/413/415 with the reason; nothing taken"

    public init() {}

    struct Case: Sendable {
        var label: String
        var body: [UInt8]
        var contentType: String = "application/json"
        var status: Int
        var code: String

        init(
            _ label: String, _ body: String, _ code: String, status: Int = 400, contentType: String = "application/json"
        ) {
            self.init(label, Array(body.utf8), code, status: status, contentType: contentType)
        }

        init(
            _ label: String, _ body: [UInt8], _ code: String, status: Int = 400,
            contentType: String = "application/json"
        ) {
            self.label = label
            self.body = body
            self.status = status
            self.code = code
            self.contentType = contentType
        }
    }

    static var cases: [Case] {
        [
            Case("not JSON", "{this is not json", "malformed_json"),
            Case("JSON array", "[1,2,3]", "malformed_json"),
            Case("missing user_id", #"{"item":"pizza","quantity":1}"#, "missing_field"),
            Case("missing quantity", #"{"user_id":"u","item":"pizza"}"#, "missing_field"),
            Case("quantity 0", #"{"user_id":"u","item":"pizza","quantity":0}"#, "invalid_field"),
            Case("negative quantity", #"{"user_id":"u","item":"pizza","quantity":-3}"#, "invalid_field"),
            Case("absurd quantity", #"{"user_id":"u","item":"pizza","quantity":1000000000}"#, "invalid_field"),
            Case("fractional quantity", #"{"user_id":"u","item":"pizza","quantity":2.5}"#, "invalid_field"),
            Case("quantity as text", #"{"user_id":"u","item":"pizza","quantity":"two"}"#, "invalid_field"),
            Case("empty items", #"{"user_id":"u","items":[]}"#, "invalid_field"),
            Case("huge price", #"{"user_id":"u","item":"pizza","quantity":2,"price":1e308}"#, "invalid_field"),
            Case(
                "order_id over the limit",
                #"{"order_id":""# + String(repeating: "o", count: 1_000)
                    + #"","user_id":"u","item":"pizza","quantity":1}"#, "invalid_field"),
            Case(
                "non-UTF-8 bytes",
                Array(#"{"user_id":""#.utf8) + [0xFF, 0xFE, 0xC3] + Array(#"","item":"pizza","quantity":1}"#.utf8),
                "malformed_json"),
            Case(
                "30,000 levels of nesting",
                String(repeating: "[", count: 30_000) + String(repeating: "]", count: 30_000),
                "malformed_json"),
            Case(
                "oversized body",
                #"{"user_id":"u","item":"pizza","quantity":1,"pad":""# + String(repeating: "x", count: 100_000)
                    + #""}"#,
                "body_too_large", status: 413),
            Case(
                "XML declared", "<order><item>pizza</item></order>", "unsupported_media_type", status: 415,
                contentType: "application/xml"),
        ]
    }

    public func run(in lab: Lab, progress: ProgressLog) async throws -> ScenarioResult {
        var result = ScenarioResult(name: name, title: title)
        try await lab.awaitQuiet()
        let before = try await lab.stock()
        let completedBefore = try await lab.completedOrders()
        var rows: [[String]] = []
        for bad in Self.cases {
            var request = HTTPClientRequest(url: lab.orderURL + "/order")
            request.method = .POST
            request.headers.add(name: "Content-Type", value: bad.contentType)
            request.body = .bytes(ByteBuffer(bytes: bad.body))
            let exchange = await lab.client.send(request)
            let code = exchange.decode(ErrorBody.self)?.error.code ?? "(no JSON error)"
            result.check(
                "\(bad.label) → \(bad.status) \(bad.code)", exchange.status == bad.status && code == bad.code,
                "\(exchange.outcome) \(code)")
            rows.append([bad.label, exchange.outcome, code])
        }
        let health = await lab.client.send(.GET, lab.orderURL + "/health")
        result.check("the order service is healthy afterwards", health.status == 200, "GET /health → \(health.outcome)")
        try await Task.sleep(for: .milliseconds(500))
        let after = try await lab.stock()
        let completed = try await lab.completedOrders() - completedBefore
        result.check("no stock taken", after == before, "total stock \(before.total) → \(after.total)")
        result.check("nothing completed", completed == 0, "\(completed) completions")
        let good = await lab.placeOrder()
        result.check(
            "a valid order still succeeds", (200..<300).contains(good.status ?? 0), "outcome \(good.outcome)")
        result.tables.append(
            .init(title: "answers to bad requests", header: ["request", "status", "error code"], rows: rows))
        return result
    }
}
