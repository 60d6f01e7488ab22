import Faults
import LabKit
import OrderDomain

/// The analytics service killed in the middle of a replay, after it cleared
/// its totals and before it rewound the group (the worst moment): restarted,
/// it finds the replay it owes, rewinds, and rebuilds the same totals.
public struct ReplayCrashScenario: Scenario {
    public let name = "replay-crash"
    public let title = "analytics crashes mid-replay (totals cleared, not yet rewound): restarted, it rebuilds them"

    public init() {}

    public func run(in lab: StreamingLogLab, progress: ProgressLog) async throws -> ScenarioResult {
        var result = ScenarioResult(name: name, title: title)
        _ = try await lab.wait { try await lab.groupsCaughtUp() }
        let before = try await lab.metrics()
        progress.say("replay with a crash injected between clearing the totals and rewinding the group")
        try await lab.setAnalyticsFaults(FaultPlan(crash: .duringReplay))
        let replay = await lab.client.send(.POST, lab.analyticsURL + "/admin/replay", timeout: .seconds(10))
        let died = await lab.analytics.waitUntilExited(upTo: .seconds(10))
        result.check("the replay request died with the service", replay.status == nil, replay.outcome)
        result.check("analytics crashed mid-replay", died, died ? "process exited" : "still running")
        try await lab.analytics.start(http: lab.client.http)
        progress.say("analytics restarted; waiting for it to resume the replay and rebuild the totals")
        let rebuilt = try await lab.wait(upTo: .seconds(120)) {
            let now = try await lab.metrics()
            let caughtUp = try await lab.groupsCaughtUp()
            return caughtUp && now.totalOrders >= before.totalOrders
                && now.inventoryReserved >= before.inventoryReserved
        }
        let after = try await lab.metrics()
        result.check(
            "totals rebuilt identical after the crash",
            rebuilt && after.totalOrders == before.totalOrders && after.failedOrders == before.failedOrders
                && after.inventoryReserved == before.inventoryReserved
                && after.inventoryFailed == before.inventoryFailed,
            "total \(after.totalOrders) vs \(before.totalOrders), reserved \(after.inventoryReserved) vs "
                + "\(before.inventoryReserved), failed \(after.failedOrders) vs \(before.failedOrders)")
        return result
    }
}
