import AMQP
import LabKit
import OrderDomain
import OrderWorkload

/// Records no reader can decode, appended to `order-events`: each reader
/// (inventory and analytics) dead-letters each with its reason and moves on;
/// the valid orders behind them complete.
public struct StreamPoisonScenario: Scenario {
    public let name = "poison"
    public let title = "undecodable records are dead-lettered by each reader with the reason; the stream moves on"

    public init() {}

    public func run(in lab: RabbitStreamLab, progress: ProgressLog) async throws -> ScenarioResult {
        var result = ScenarioResult(name: name, title: title)
        _ = try await lab.wait { try await lab.readersCaughtUp() }
        let deadBefore = try await lab.deadLetterCount()
        let completedBefore = try await lab.completedOrders()
        let poison = [#"{"event_type": "OrderPlaced", "order": "#, "not json at all", #"{"event_type":"OrderPlaced"}"#]
        for body in poison { try await lab.publishRaw(body) }
        for index in 0..<5 { _ = await lab.placeOrder(user: "after-poison-\(index)") }
        // Two readers read order-events: each dead-letters every poison record once.
        let expected = poison.count * 2
        let dead = try await lab.wait(upTo: .seconds(30)) {
            try await lab.deadLetterCount() - deadBefore >= expected
        }
        let deadNow = try await lab.deadLetterCount() - deadBefore
        result.check(
            "each reader dead-lettered each poison record", dead && deadNow == expected, "\(deadNow) of \(expected)")
        let moved = try await lab.wait(upTo: .seconds(30)) {
            try await lab.completedOrders() - completedBefore >= 5
        }
        result.check(
            "the valid orders behind them completed", moved, "\(try await lab.completedOrders() - completedBefore) of 5"
        )
        let reasons = try await lab.deadLetterReasons()
        result.check(
            "every dead letter says why", reasons.count >= expected && reasons.allSatisfy { !$0.isEmpty },
            reasons.first ?? "no reasons")
        result.figure("dead letters", Double(deadNow), unit: "messages")
        return result
    }
}
