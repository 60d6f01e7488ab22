import LabKit
import OrderDomain
import OrderWorkload

/// The analytics reader killed (SIGKILL) mid-stream and restarted: it resumes
/// from the offsets it stored beside its state; no event is lost and none is
/// counted twice.
public struct ReaderCrashScenario: Scenario {
    public let name = "reader-crash"
    public let title = "analytics killed mid-stream resumes from its stored offset: none lost, none counted twice"
    public var events = 2_000

    public init() {}

    public func run(in lab: RabbitStreamLab, progress: ProgressLog) async throws -> ScenarioResult {
        var result = ScenarioResult(name: name, title: title)
        _ = try await lab.wait { try await lab.readersCaughtUp() }
        let before = try await lab.metrics()
        try await lab.setAnalyticsFaults(.delay(milliseconds: 1))
        progress.say("analytics slowed to 1 ms per event; publishing \(events)")
        let bulk = try await lab.produceBulk(events, failureShare: 0.05)
        let midway = try await lab.wait(upTo: .seconds(60), every: .milliseconds(20)) {
            try await lab.metrics().totalOrders - before.totalOrders >= events / 4
        }
        let atKill = try await lab.metrics().totalOrders - before.totalOrders
        progress.say("killing analytics (SIGKILL) with \(atKill) of \(events) counted")
        try await lab.analytics.kill()
        result.check("killed mid-stream", midway && atKill < events, "\(atKill) of \(events) counted at the kill")
        try await lab.analytics.start(http: lab.client.http)
        let caughtUp = try await lab.wait(upTo: .seconds(120), every: .milliseconds(200)) {
            guard try await lab.metrics().totalOrders - before.totalOrders >= events else { return false }
            return try await lab.readersCaughtUp()
        }
        let after = try await lab.metrics()
        let stats = try await lab.analyticsStats()
        let counted = after.totalOrders - before.totalOrders
        result.check("caught up after the restart", caughtUp, caughtUp ? "lag 0" : "still lagging")
        result.check("none lost, none counted twice", counted == events, "\(counted) counted for \(events) published")
        result.check(
            "failed orders exact", after.failedOrders - before.failedOrders == bulk.failed,
            "\(after.failedOrders - before.failedOrders) vs \(bulk.failed)")
        result.figure("events re-read after the restart and recognised", Double(stats.replayed), unit: "events")
        return result
    }
}
