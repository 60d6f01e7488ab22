import LabKit
import OrderDomain
import OrderWorkload

/// The analytics reader slowed, 1,000 events appended: its lag (the
/// stream's end minus the offset it stored) rises and drains at its own
/// pace, while the inventory reader of the same stream is done long before —
/// two readers of one stream do not hold each other back.
public struct StreamLagScenario: Scenario {
    public let name = "reader-lag"
    public let title = "analytics slowed, 1,000 events: each reader's lag over time, inventory not held back"
    public var events = 1_000
    /// Milliseconds the analytics reader spends on each record.
    public var slowdown = 5

    public init() {}

    public func run(in lab: RabbitStreamLab, progress: ProgressLog) async throws -> ScenarioResult {
        var result = ScenarioResult(name: name, title: title)
        _ = try await lab.wait { try await lab.readersCaughtUp() }
        let counted = try await lab.metrics().totalOrders
        try await lab.setAnalyticsFaults(.delay(milliseconds: slowdown))
        progress.say("analytics slowed to \(slowdown) ms per record; appending \(events) events")
        _ = try await lab.appendEvents(events, failureShare: 0.05)
        let clock = ContinuousClock()
        let start = clock.now
        // Each sample reads both streams' ends (a short read of each last chunk) and both readers' offsets.
        var samples: [(seconds: Double, lag: [String: Int64])] = []
        while clock.now - start < .seconds(120) {
            let lag = try await lab.readerLag()
            samples.append(((clock.now - start).seconds, lag))
            if lag.values.allSatisfy({ $0 <= 0 }) { break }
            try await Task.sleep(for: .milliseconds(400))
        }
        try await lab.setAnalyticsFaults(.none)
        let analytics = "analytics ← order-events"
        let inventory = "inventory ← order-events"
        let peak = samples.map { $0.lag[analytics] ?? 0 }.max() ?? 0
        let inventoryDone = samples.first { ($0.lag[inventory] ?? 1) <= 0 }?.seconds
        let analyticsDone = samples.last.flatMap { $0.lag.values.allSatisfy { $0 <= 0 } ? $0.seconds : nil }
        result.check("analytics fell behind", peak > 0, "peak lag \(peak) records on order-events")
        result.check(
            "every reader drained to lag 0", analyticsDone != nil,
            analyticsDone.map { "after \(Format.decimal($0, places: 1)) s" } ?? "not within 120 s")
        result.check(
            "inventory (another reader of the stream) was not held back",
            inventoryDone.map { done in analyticsDone.map { done < $0 } ?? true } ?? false,
            "inventory at lag 0 after \(inventoryDone.map { Format.decimal($0, places: 1) + " s" } ?? "never"), "
                + "analytics after \(analyticsDone.map { Format.decimal($0, places: 1) + " s" } ?? "never")")
        let total = try await lab.metrics().totalOrders - counted
        result.check("no event lost, none counted twice", total == events, "\(total) of \(events) counted")
        result.figure("peak lag, analytics on order-events", Double(peak), unit: "records")
        let names = samples.first.map { Array($0.lag.keys).sorted() } ?? []
        let colors: [Chart.Color] = [.blue, .orange, .green]
        result.charts.append(
            Chart(
                fileName: "reader-lag", title: "Part D: each reader's lag (analytics slowed \(slowdown) ms/record)",
                measured: "the stream's end − the offset the reader stored in its own database",
                xLabel: "seconds since the events were appended", yLabel: "lag (records)",
                content: .series(
                    names.enumerated().map { index, name in
                        Chart.Series(
                            name: name, points: samples.map { Chart.Point($0.seconds, Double($0.lag[name] ?? 0)) },
                            color: colors[index % colors.count])
                    })))
        return result
    }
}
