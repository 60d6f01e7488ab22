import LabKit
import OrderDomain
import OrderWorkload

/// Analytics rebuilt from the streams: its totals and its offsets cleared in
/// one transaction, both readers read every stream again from the first
/// record, and the totals come out identical to those before the reset. After
/// a broker crash, the same replay shows the log kept everything it confirmed.
public struct StreamReplayScenario: Scenario {
    public var afterBrokerCrash = false

    public init(afterBrokerCrash: Bool = false) {
        self.afterBrokerCrash = afterBrokerCrash
    }

    public var name: String { afterBrokerCrash ? "replay-after-broker-crash" : "replay" }
    public var title: String {
        afterBrokerCrash
            ? "replay after the broker crash: the whole log rebuilds identical totals"
            : "analytics reset and rebuilt from the first offset: totals identical before and after"
    }

    public func run(in lab: RabbitStreamLab, progress: ProgressLog) async throws -> ScenarioResult {
        var result = ScenarioResult(name: name, title: title)
        _ = try await lab.wait(upTo: .seconds(60)) { try await lab.readersCaughtUp() }
        let before = try await lab.metrics()
        progress.say("replay: totals and offsets cleared; both readers start again from the first record")
        let clock = ContinuousClock()
        let start = clock.now
        let answer = await lab.client.send(.POST, lab.analyticsURL + "/admin/replay", timeout: .seconds(30))
        result.check("the replay was started", answer.status == 200, answer.outcome)
        let rebuilt = try await lab.wait(upTo: .seconds(120), every: .milliseconds(100)) {
            try await lab.metrics() == before
        }
        let seconds = (clock.now - start).seconds
        let after = try await lab.metrics()
        result.check(
            "totals identical after the replay", rebuilt && after == before,
            "total \(before.totalOrders) → \(after.totalOrders), reserved \(before.inventoryReserved) → "
                + "\(after.inventoryReserved), failed \(before.inventoryFailed) → \(after.inventoryFailed)")
        result.figure("replay of the whole log", seconds, unit: "s")
        result.figure("events counted", Double(after.totalOrders), unit: "orders")
        return result
    }
}
