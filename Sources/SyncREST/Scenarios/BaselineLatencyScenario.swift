import LabKit
import OrderDomain

/// Sequential orders with no faults: the inherent cost of three blocking hops.
public struct BaselineLatencyScenario: Scenario {
    public let name = "baseline-latency"
    public let title = "sequential orders through order → inventory → notification, no faults"
    public var orders: Int

    public init(orders: Int = 1_000) {
        self.orders = orders
    }

    public func run(in lab: SyncRESTLab, progress: ProgressLog) async throws -> ScenarioResult {
        var result = ScenarioResult(name: name, title: title)
        let stockBefore = try await lab.stock()
        let notifiedBefore = try await lab.notificationCount()

        progress.say("20 sequential orders")
        let (first, _) = await ClosedLoopLoad(concurrency: 1, total: 20).run { _ in await lab.placeOrder() }
        result.check("20 orders created", first.count(of: "201") == 20, "outcomes \(first.outcomes)")
        result.latency("20 sequential", first.latency)

        progress.say("\(orders) sequential orders")
        let (many, recorder) = await ClosedLoopLoad(concurrency: 1, total: orders).run(keepSamples: true) { _ in
            await lab.placeOrder()
        }
        result.check("\(orders) orders created", many.count(of: "201") == orders, "outcomes \(many.outcomes)")
        result.latency("\(orders) sequential", many.latency)
        result.figure("throughput, one client", many.throughputPerSecond, unit: "orders/s")
        progress.say(many.latency.oneLine)

        let created = first.count(of: "201") + many.count(of: "201")
        let stockAfter = try await lab.stock()
        let decrease = (stockBefore["pizza"] ?? 0) - (stockAfter["pizza"] ?? 0)
        result.check(
            "stock decrease = orders created", decrease == created,
            "pizza stock fell by \(decrease), \(created) created")
        let notified = try await lab.notificationCount() - notifiedBefore
        result.check(
            "one notification per order", notified == created, "\(notified) notifications for \(created) orders")

        let summary = many.latency
        let limit = max(summary.p99Milliseconds * 1.5, summary.p50Milliseconds * 3)
        let width = limit / 30
        let buckets = recorder.distribution(bucketWidthMilliseconds: width, limitMilliseconds: limit)
        result.charts.append(
            Chart(
                fileName: "baseline-latency",
                title: "Part A baseline: \(orders) sequential orders, no faults",
                measured:
                    "mean \(Format.milliseconds(summary.meanMilliseconds)) · p50 \(Format.milliseconds(summary.p50Milliseconds))"
                    + " · p95 \(Format.milliseconds(summary.p95Milliseconds)) · p99 \(Format.milliseconds(summary.p99Milliseconds))"
                    + " · max \(Format.milliseconds(summary.maxMilliseconds))",
                xLabel: "end-to-end latency (ms, bucket upper bound; last bucket: everything above)",
                yLabel: "orders",
                content: .bars(
                    buckets.map { Chart.Bar(Format.decimal($0.upperBoundMilliseconds, places: 2), Double($0.count)) })))
        return result
    }
}
