import LabKit
import OrderDomain
import OrderWorkload

/// The analytics group reset to the earliest offsets: its totals drop, then
/// climb back as it re-reads the log, to exactly what they were.
public struct ReplayScenario: Scenario {
    public let name = "replay-evidence"
    public let title = "analytics reset to the earliest offsets: totals before / at reset / after are identical"

    public init() {}

    public func run(in lab: StreamingLogLab, progress: ProgressLog) async throws -> ScenarioResult {
        var result = ScenarioResult(name: name, title: title)
        _ = try await lab.wait { try await lab.groupsCaughtUp() }
        let before = try await lab.metrics()
        progress.say("resetting analytics-service to the earliest offsets (\(before.totalOrders) orders counted)")
        let reset = await lab.client.send(.POST, lab.analyticsURL + "/admin/replay")
        result.check("reset accepted", reset.status == 200, "\(reset.outcome) \(reset.bodyText.prefix(120))")
        let atReset = try await lab.metrics()
        let clock = ContinuousClock()
        let start = clock.now
        var progressPoints: [Chart.Point] = [Chart.Point(0, Double(atReset.totalOrders))]
        var after = atReset
        while clock.now - start < .seconds(120) {
            after = try await lab.metrics()
            progressPoints.append(Chart.Point((clock.now - start).milliseconds, Double(after.totalOrders)))
            if after.totalOrders >= before.totalOrders, after.inventoryReserved >= before.inventoryReserved,
                try await lab.groupsCaughtUp()
            {
                break
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        let replaySeconds = (clock.now - start).seconds
        result.check(
            "totals dropped at the reset", atReset.totalOrders < before.totalOrders,
            "\(atReset.totalOrders) right after the reset")
        result.check(
            "totals rebuilt identical",
            after.totalOrders == before.totalOrders && after.failedOrders == before.failedOrders
                && after.inventoryReserved == before.inventoryReserved
                && after.inventoryFailed == before.inventoryFailed,
            "total \(after.totalOrders) vs \(before.totalOrders), failed \(after.failedOrders) vs \(before.failedOrders)"
        )
        result.figure("replay time", replaySeconds * 1000, unit: "ms")
        result.figure("events replayed", Double(before.totalOrders), unit: "orders")
        func row(_ label: String, _ keyPath: KeyPath<AnalyticsMetrics, Int>) -> [String] {
            [
                label, String(before[keyPath: keyPath]), String(atReset[keyPath: keyPath]),
                String(after[keyPath: keyPath]),
            ]
        }
        result.tables.append(
            .init(
                title: "replay: before / at reset / after", header: ["metric", "before", "at reset", "after"],
                rows: [
                    row("total orders", \.totalOrders), row("successful", \.successfulOrders),
                    row("failed", \.failedOrders),
                    row("inventory reserved", \.inventoryReserved), row("inventory failed", \.inventoryFailed),
                ]))
        result.charts.append(
            Chart(
                fileName: "replay-evidence", title: "Part C: analytics rebuilt from the log after a reset",
                measured:
                    "total orders: before \(before.totalOrders) · at reset \(atReset.totalOrders) · after \(after.totalOrders) · "
                    + "replayed in \(Format.decimal(replaySeconds, places: 2)) s",
                xLabel: "ms since the reset", yLabel: "total orders counted",
                content: .series([
                    Chart.Series(name: "analytics total", points: progressPoints, color: .blue),
                    Chart.Series(
                        name: "total before the reset",
                        points: [
                            Chart.Point(0, Double(before.totalOrders)),
                            Chart.Point(progressPoints.last?.x ?? 1, Double(before.totalOrders)),
                        ],
                        color: .gray),
                ])))
        return result
    }
}
