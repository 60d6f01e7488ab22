import LabKit
import OrderDomain

/// A log model's analytics killed (SIGKILL) mid-stream and restarted: it
/// resumes from where it recorded it had got (a group's committed offsets in
/// C, the offsets it stores beside its state in D); no event is lost and none
/// is counted twice.
public struct AnalyticsCrashScenario<Lab: LogLab>: Scenario {
    public let name: String
    public let title: String
    public var events = 2_000
    /// True when the reader's offsets move in the transaction of its counts
    /// (D): then nothing it counted can be read again after the kill.
    public var offsetsInItsTransaction: Bool

    /// `resumesFrom` says, in the model's words, where the reader resumes.
    public init(name: String, resumesFrom: String, offsetsInItsTransaction: Bool = false) {
        self.name = name
        self.offsetsInItsTransaction = offsetsInItsTransaction
        title = "analytics killed mid-stream resumes from \(resumesFrom): none lost, none counted twice"
    }

    public func run(in lab: Lab, progress: ProgressLog) async throws -> ScenarioResult {
        var result = ScenarioResult(name: name, title: title)
        _ = try await lab.wait { try await lab.readersCaughtUp() }
        let before = try await lab.metrics()
        try await lab.setAnalyticsFaults(.delay(milliseconds: 1))
        progress.say("analytics slowed to 1 ms per event; appending \(events)")
        let failed = try await lab.appendEvents(events, failureShare: 0.05).failed
        let midway = try await lab.wait(upTo: .seconds(60), every: .milliseconds(20)) {
            try await lab.metrics().totalOrders - before.totalOrders >= events / 4
        }
        let atKill = try await lab.metrics().totalOrders - before.totalOrders
        progress.say("killing analytics (SIGKILL) with \(atKill) of \(events) counted")
        try await lab.analytics.kill()
        result.check("killed mid-stream", midway && atKill < events, "\(atKill) of \(events) counted at the kill")
        try await lab.analytics.start(http: lab.client.http)
        progress.say("restarted; waiting for it to catch up")
        let caughtUp = try await lab.wait(upTo: .seconds(120), every: .milliseconds(200)) {
            guard try await lab.metrics().totalOrders - before.totalOrders >= events else { return false }
            return try await lab.readersCaughtUp()
        }
        let after = try await lab.metrics()
        let stats = try await lab.analyticsStats()
        let counted = after.totalOrders - before.totalOrders
        result.check("caught up after the restart", caughtUp, caughtUp ? "lag 0" : "still lagging")
        result.check("none lost, none counted twice", counted == events, "\(counted) counted for \(events) produced")
        result.check(
            "failed orders exact", after.failedOrders - before.failedOrders == failed,
            "\(after.failedOrders - before.failedOrders) vs \(failed)")
        result.figure("events re-read after the restart and recognised", Double(stats.replayed), unit: "events")
        if offsetsInItsTransaction {
            // Counted in the restarted process only: what it met again that it had counted before.
            result.check(
                "nothing counted before the kill was read again (offsets moved with the counts)", stats.replayed == 0,
                "\(stats.replayed) event(s) read again and recognised by id")
        }
        return result
    }
}
