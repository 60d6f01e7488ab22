import Kafka
import LabKit
import OrderDomain

/// Analytics throttled, 1,000 events produced: its committed offsets fall
/// behind the high watermarks partition by partition, and catch up at its
/// own pace while inventory is long done.
public struct ConsumerLagScenario: Scenario {
    public let name = "consumer-lag"
    public let title = "analytics throttled, 1,000 events: per-partition lag over time until it drains"
    public var events = 1_000
    public var throttle = 5

    public init() {}

    public func run(in lab: StreamingLogLab, progress: ProgressLog) async throws -> ScenarioResult {
        var result = ScenarioResult(name: name, title: title)
        let before = try await lab.metrics()
        try await lab.setAnalyticsFaults(.delay(milliseconds: throttle))
        progress.say("analytics throttled to \(throttle) ms per event; producing \(events)")
        _ = await lab.appendEvents(events, failureShare: 0.05)
        let clock = ContinuousClock()
        let start = clock.now
        var samples: [(Double, [KafkaPartitionLag])] = []
        var inventoryDoneAt: Double?
        while clock.now - start < .seconds(120) {
            let lag = try await lab.lag(
                group: StreamingTopology.analyticsGroup, topics: [StreamingTopology.orderEvents])
            let seconds = (clock.now - start).seconds
            samples.append((seconds, lag))
            if inventoryDoneAt == nil {
                let inventoryLag = try await lab.lag(
                    group: StreamingTopology.inventoryGroup, topics: [StreamingTopology.orderEvents])
                if inventoryLag.allSatisfy({ $0.lag == 0 }) { inventoryDoneAt = seconds }
            }
            if lag.allSatisfy({ $0.lag == 0 }), samples.count > 1 { break }
            try await Task.sleep(for: .milliseconds(500))
        }
        try await lab.setAnalyticsFaults(.none)
        let peak = samples.map { $0.1.map(\.lag).reduce(0, +) }.max() ?? 0
        let drained = samples.last.map { $0.1.allSatisfy { $0.lag == 0 } } ?? false
        result.check("analytics fell behind", peak > 0, "peak lag \(peak) events on order-events")
        result.check("lag drained to 0", drained, "after \(Format.decimal(samples.last?.0 ?? 0, places: 1)) s")
        // Never reaching lag 0 while analytics lagged is a failure, not a skipped check.
        let last = samples.last?.0 ?? 0
        result.check(
            "inventory (another group) was not held back", inventoryDoneAt.map { $0 < last } ?? false,
            inventoryDoneAt.map {
                "inventory lag 0 at \(Format.decimal($0, places: 1)) s, analytics at \(Format.decimal(last, places: 1)) s"
            } ?? "inventory never reached lag 0 while analytics was throttled")
        _ = try await lab.wait { try await lab.groupsCaughtUp() }
        let after = try await lab.metrics()
        result.check(
            "no event lost", after.totalOrders - before.totalOrders == events,
            "\(after.totalOrders - before.totalOrders) counted")
        result.figure("peak lag", Double(peak), unit: "events")

        let partitions = samples.first?.1.map(\.partition) ?? []
        let picks = [0, samples.count / 4, samples.count / 2, samples.count - 1].filter {
            $0 >= 0 && $0 < samples.count
        }
        var rows: [[String]] = []
        for index in Array(Set(picks)).sorted() {
            let (seconds, lag) = samples[index]
            for entry in lag {
                rows.append([
                    "\(Format.decimal(seconds, places: 1)) s", String(entry.partition), String(entry.committed),
                    String(entry.highWatermark), String(entry.lag),
                ])
            }
        }
        result.tables.append(
            .init(
                title: "analytics-service on order-events, sampled",
                header: ["time", "partition", "committed", "high watermark", "lag"], rows: rows))
        let colors: [Chart.Color] = [.blue, .orange, .green, .red, .purple, .gray]
        result.charts.append(
            Chart(
                fileName: "consumer-lag",
                title: "Part C: consumer lag per partition (analytics throttled \(throttle) ms/event)",
                measured: "high watermark − committed offset of analytics-service on order-events",
                xLabel: "seconds since the events were produced", yLabel: "lag (events)",
                content: .series(
                    partitions.enumerated().map { index, partition in
                        Chart.Series(
                            name: "partition \(partition)",
                            points: samples.map { sample in
                                Chart.Point(sample.0, Double(sample.1.first { $0.partition == partition }?.lag ?? 0))
                            },
                            color: colors[index % colors.count])
                    })))
        return result
    }
}
