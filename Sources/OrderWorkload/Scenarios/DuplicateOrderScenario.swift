import Foundation
import LabKit
import OrderDomain

/// The same order sent twice under the client's own `order_id` (a retry
/// after a timeout): both answers agree, the stock is taken once and the
/// order completes once.
public struct DuplicateOrderScenario<Lab: OrderLab>: Scenario {
    public let name = "duplicate-order"
    public let title = "the same order_id sent twice: one reservation, one completion, the same answer"

    public init() {}

    public func run(in lab: Lab, progress: ProgressLog) async throws -> ScenarioResult {
        var result = ScenarioResult(name: name, title: title)
        try await lab.awaitQuiet()
        let stockBefore = try await lab.stock()["sandwich"] ?? 0
        let completedBefore = try await lab.completedOrders()
        let id = "retry-\(UUID().uuidString.prefix(8))"
        progress.say("POST /order twice with order_id \(id), then twice at once with another id")
        let first = await lab.placeOrder(id: id, user: "retrier", item: "sandwich", quantity: 3)
        let second = await lab.placeOrder(id: id, user: "retrier", item: "sandwich", quantity: 3)
        let concurrentID = id + "-c"
        async let third = lab.placeOrder(id: concurrentID, user: "retrier", item: "sandwich", quantity: 3)
        async let fourth = lab.placeOrder(id: concurrentID, user: "retrier", item: "sandwich", quantity: 3)
        let answers = [first, second, await third, await fourth]
        let ids = answers.map { $0.decode([String: AnyCodableValue].self)?["order_id"]?.text }
        result.check(
            "every answer accepts the order", answers.allSatisfy { [201, 202].contains($0.status ?? 0) },
            answers.map(\.outcome).joined(separator: ", "))
        result.check(
            "the answers name the client's order_id", ids == [id, id, concurrentID, concurrentID],
            ids.map { $0 ?? "none" }.joined(separator: ", "))
        _ = try await lab.wait(upTo: .seconds(20)) { try await lab.completedOrders() - completedBefore >= 2 }
        // Give a second completion of either order time to show up, were there one.
        try await Task.sleep(for: .seconds(1))
        let completed = try await lab.completedOrders() - completedBefore
        let taken = stockBefore - (try await lab.stock()["sandwich"] ?? 0)
        result.check("each order completed once", completed == 2, "\(completed) completions for 2 orders")
        result.check("stock taken once per order", taken == 6, "sandwich stock fell by \(taken) (2 orders of 3)")
        return result
    }
}

/// A JSON value read only for its text, to compare ids in answers of any shape.
struct AnyCodableValue: Decodable {
    var text: String?

    init(from decoder: any Decoder) throws {
        text = try? decoder.singleValueContainer().decode(String.self)
    }
}
