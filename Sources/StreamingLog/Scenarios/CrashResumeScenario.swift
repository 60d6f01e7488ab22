import LabKit
import OrderDomain

/// Analytics killed (SIGKILL) mid-stream and restarted: it resumes from its
/// committed offsets; no event is lost and none is counted twice.
public struct CrashResumeScenario: Scenario {
    public let name = "crash-resume"
    public let title = "analytics killed mid-stream resumes from its committed offset: none lost, none counted twice"
    public var events = 2_000

    public init() {}

    public func run(in lab: StreamingLogLab, progress: ProgressLog) async throws -> ScenarioResult {
        var result = ScenarioResult(name: name, title: title)
        _ = try await lab.wait { try await lab.groupsCaughtUp() }
        let before = try await lab.metrics()
        try await lab.setAnalyticsFaults(.delay(milliseconds: 1))
        progress.say("analytics slowed to 1 ms per event; producing \(events)")
        let bulk = await lab.produceBulk(events, failureShare: 0.05)
        let midway = try await lab.wait(upTo: .seconds(60), every: .milliseconds(20)) {
            try await lab.metrics().totalOrders - before.totalOrders >= events / 4
        }
        let atKill = try await lab.metrics().totalOrders - before.totalOrders
        progress.say("killing analytics (SIGKILL) with \(atKill) of \(events) counted")
        try await lab.analytics.kill()
        result.check("killed mid-stream", midway && atKill < events, "\(atKill) of \(events) counted at the kill")
        try await lab.analytics.start(http: lab.client.http)
        progress.say("restarted; waiting for it to rejoin and catch up")
        let caughtUp = try await lab.wait(upTo: .seconds(120), every: .milliseconds(200)) {
            try await lab.groupsCaughtUp()
        }
        let after = try await lab.metrics()
        let stats = try await lab.analyticsStats()
        let counted = after.totalOrders - before.totalOrders
        result.check("caught up after the restart", caughtUp, caughtUp ? "lag 0" : "still lagging")
        result.check("none lost, none counted twice", counted == events, "\(counted) counted for \(events) produced")
        result.check(
            "failed orders exact", after.failedOrders - before.failedOrders == bulk.failed,
            "\(after.failedOrders - before.failedOrders) vs \(bulk.failed)")
        result.figure("events re-read after the restart and recognised", Double(stats.replayed), unit: "events")
        return result
    }
}
