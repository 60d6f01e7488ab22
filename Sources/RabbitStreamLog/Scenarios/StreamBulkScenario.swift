import LabKit
import OrderDomain
import OrderWorkload

/// 10,000 events appended to `order-events` with every publish confirmed
/// (5 % failed): publish rate, time until analytics has counted them all,
/// both readers' stored offsets at the ends of their streams, and totals
/// exactly as produced.
public struct StreamBulkScenario: Scenario {
    public let name = "bulk-produce"
    public let title = "10,000 events into the stream, confirmed: publish rate, both readers done, totals exact"
    public var events: Int

    public init(events: Int = 10_000) {
        self.events = events
    }

    public func run(in lab: RabbitStreamLab, progress: ProgressLog) async throws -> ScenarioResult {
        var result = ScenarioResult(name: name, title: title)
        _ = try await lab.wait { try await lab.readersCaughtUp() }
        let before = try await lab.metrics()
        progress.say("publishing \(Format.count(events)) events, each confirmed")
        let clock = ContinuousClock()
        let start = clock.now
        let bulk = try await lab.produceBulk(events, failureShare: 0.05)
        result.figure("published with confirms", Double(events) / bulk.seconds, unit: "events/s")
        let done = try await lab.wait(upTo: .seconds(180), every: .milliseconds(250)) {
            let counted = try await lab.metrics().totalOrders - before.totalOrders
            return counted >= events
        }
        let allDone = (clock.now - start).seconds
        let caughtUp = try await lab.wait(upTo: .seconds(30), every: .milliseconds(250)) {
            try await lab.readersCaughtUp()
        }
        let after = try await lab.metrics()
        let counted = after.totalOrders - before.totalOrders
        result.check("every event counted once", done && counted == events, "\(counted) of \(events)")
        result.check(
            "failed orders exact", after.failedOrders - before.failedOrders == bulk.failed,
            "\(after.failedOrders - before.failedOrders) vs \(bulk.failed)")
        result.check("both readers stored offsets at their streams' ends", caughtUp, "lag \(try await lab.readerLag())")
        result.figure("both readers done (first publish → all counted)", Double(events) / allDone, unit: "events/s")
        result.charts.append(
            Chart(
                fileName: "bulk-produce", title: "Part D: \(Format.count(events)) events through a RabbitMQ stream",
                measured:
                    "published \(Format.decimal(Double(events) / bulk.seconds, places: 0)) events/s (confirmed) · "
                    + "both readers done in \(Format.decimal(allDone, places: 2)) s",
                xLabel: "", yLabel: "events",
                content: .bars([
                    .init("published", Double(events), color: .blue),
                    .init("counted by analytics", Double(counted), color: .green),
                    .init("failed (published)", Double(bulk.failed), color: .orange),
                    .init("failed (counted)", Double(after.failedOrders - before.failedOrders), color: .red),
                ]), showsEveryValue: true))
        return result
    }
}
