import LabKit
import OrderDomain

/// Bad requests to the real OrderService each get a 400 with a JSON error,
/// take no stock, and leave every service healthy.
public struct BadInputScenario: Scenario {
    public let name = "bad-input"
    public let title = "malformed JSON, missing fields, bad quantities, oversized bodies → 400, nothing lost"

    public init() {}

    static let cases: [(label: String, body: String, code: String)] = [
        ("not JSON", "{this is not json", "malformed_json"),
        ("JSON array", "[1,2,3]", "malformed_json"),
        ("missing user_id", #"{"item":"pizza","quantity":1}"#, "missing_field"),
        ("missing quantity", #"{"user_id":"u","item":"pizza"}"#, "missing_field"),
        ("quantity 0", #"{"user_id":"u","item":"pizza","quantity":0}"#, "invalid_field"),
        ("negative quantity", #"{"user_id":"u","item":"pizza","quantity":-3}"#, "invalid_field"),
        ("absurd quantity", #"{"user_id":"u","item":"pizza","quantity":1000000000}"#, "invalid_field"),
        ("fractional quantity", #"{"user_id":"u","item":"pizza","quantity":2.5}"#, "invalid_field"),
        ("quantity as text", #"{"user_id":"u","item":"pizza","quantity":"two"}"#, "invalid_field"),
        ("empty items", #"{"user_id":"u","items":[]}"#, "invalid_field"),
        (
            "oversized body",
            #"{"user_id":"u","item":"pizza","quantity":1,"pad":""# + String(repeating: "x", count: 100_000) + #""}"#,
            "body_too_large"
        ),
    ]

    public func run(in lab: SyncRESTLab, progress: ProgressLog) async throws -> ScenarioResult {
        var result = ScenarioResult(name: name, title: title)
        let before = try await lab.stock()
        var rows: [[String]] = []
        for bad in Self.cases {
            let exchange = await lab.postOrder(rawBody: bad.body)
            let code = exchange.decode(ErrorBody.self)?.error.code ?? "(no JSON error)"
            result.check(
                "\(bad.label) → 400 \(bad.code)", exchange.status == 400 && code == bad.code,
                "\(exchange.outcome) \(code)")
            rows.append([bad.label, exchange.outcome, code])
        }
        let after = try await lab.stock()
        result.check("no stock taken", after == before, "total stock \(before.total) → \(after.total)")
        let good = await lab.placeOrder()
        result.check("a valid order still succeeds", good.status == 201, "outcome \(good.outcome)")
        result.tables.append(
            .init(title: "answers to bad requests", header: ["request", "status", "error code"], rows: rows))
        return result
    }
}
