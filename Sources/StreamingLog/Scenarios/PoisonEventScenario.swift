import LabKit
import OrderDomain

/// Malformed events go to the dead-letter topic with their reason; offsets
/// still advance and the events after them are processed.
public struct PoisonEventScenario: Scenario {
    public let name = "poison"
    public let title = "malformed events → dead-letter topic; offsets advance; later events processed"

    public init() {}

    public func run(in lab: StreamingLogLab, progress: ProgressLog) async throws -> ScenarioResult {
        var result = ScenarioResult(name: name, title: title)
        _ = try await lab.wait { try await lab.groupsCaughtUp() }
        let before = try await lab.metrics()
        let deadBefore = try await lab.deadLetterCount()
        let inventoryBefore = try await lab.inventoryStats()
        progress.say("producing 2 malformed events, then 10 orders")
        try await lab.publishRaw("{this is not json")
        try await lab.publishRaw(#"{"event_type":"OrderPlaced","surprise":true}"#)
        let (posts, _) = await ClosedLoopLoad(concurrency: 1, total: 10).run { _ in await lab.placeOrder() }
        result.check("orders after the poison accepted", posts.count(of: "202") == 10, "outcomes \(posts.outcomes)")
        let caughtUp = try await lab.wait { try await lab.groupsCaughtUp() }
        result.check("both groups moved past the poison (lag 0)", caughtUp, caughtUp ? "lag 0" : "stuck")
        let after = try await lab.metrics()
        let dead = try await lab.deadLetterCount() - deadBefore
        let inventoryAfter = try await lab.inventoryStats()
        result.check(
            "dead-lettered by both groups", dead == 4,
            "\(dead) records in \(StreamingTopology.deadLetters) (2 per group)")
        result.check(
            "later orders counted", after.totalOrders - before.totalOrders == 10,
            "\(after.totalOrders - before.totalOrders) of 10")
        result.check(
            "later orders reserved", inventoryAfter.reserved - inventoryBefore.reserved == 10,
            "\(inventoryAfter.reserved - inventoryBefore.reserved) of 10")
        result.check(
            "malformed counted by analytics", after.malformed - before.malformed == 2,
            "\(after.malformed - before.malformed)")
        result.figure("dead-letter records", Double(dead), unit: "records")
        return result
    }
}
