import Foundation
import LabKit
import OrderDomain
import Synchronization

/// How fast the queue workflow goes: `POST /order` latency, end-to-end
/// latency at a paced 100 orders/s, and 10,000 orders published straight to
/// the exchange until all are notified.
public struct ThroughputScenario: Scenario {
    public let name = "throughput"
    public let title = "10,000 orders published to the exchange until all are notified; paced 100/s latency"
    public var orders: Int
    public var pacedRate: Double = 100
    public var pacedDuration: Duration = .seconds(5)

    public init(orders: Int = 10_000) {
        self.orders = orders
    }

    public func run(in lab: AsyncQueueLab, progress: ProgressLog) async throws -> ScenarioResult {
        var result = ScenarioResult(name: name, title: title)

        progress.say("POST /order: 500 sequential")
        let (posts, _) = await ClosedLoopLoad(concurrency: 1, total: 500).run { _ in await lab.placeOrder() }
        result.check("POST /order → 202", posts.count(of: "202") == 500, "outcomes \(posts.outcomes)")
        result.latency("POST /order (202, confirm awaited)", posts.latency)
        try await settle(lab)

        progress.say("paced: \(Int(pacedRate)) orders/s for \(Int(pacedDuration.seconds)) s, published to the exchange")
        let pacedStart = Timestamp.now()
        let notifiedBeforePaced = try await lab.notificationCount()
        let paced = await OpenLoopLoad(ratePerSecond: pacedRate, duration: pacedDuration).run { _ in
            await TimedOutcome.measure(success: "confirmed") { try await lab.publish(Self.event()) }
        }
        let pacedCount = paced.total
        _ = try await lab.wait { try await lab.notificationCount() >= notifiedBeforePaced + pacedCount }
        let pacedLatency = try await lab.notificationLatency(since: pacedStart).summary
        result.latency("end to end at \(Int(pacedRate))/s (published → notified)", pacedLatency)
        result.check(
            "paced orders all notified", pacedLatency.count == pacedCount, "\(pacedLatency.count) of \(pacedCount)")
        progress.say("  \(pacedLatency.oneLine)")

        progress.say("bulk: \(orders) orders published to the exchange, 256 confirms in flight")
        let notifiedBefore = try await lab.notificationCount()
        let confirmed = Atomic<Int>(0)
        let bulkStart = Timestamp.now()
        let clock = ContinuousClock()
        let start = clock.now
        async let sampling = sample(lab, from: start, notifiedBefore: notifiedBefore, confirmed: confirmed)
        let (publishes, _) = await ClosedLoopLoad(concurrency: 256, total: orders).run { _ in
            let outcome = await TimedOutcome.measure(success: "confirmed") { try await lab.publish(Self.event()) }
            if outcome.outcome == "confirmed" { confirmed.add(1, ordering: .relaxed) }
            return outcome
        }
        let publishSeconds = (clock.now - start).seconds
        let allNotified = try await lab.wait(upTo: .seconds(120), every: .milliseconds(20)) {
            try await lab.notificationCount() >= notifiedBefore + orders
        }
        let bulk = try await lab.notificationLatency(since: bulkStart)
        let points = try await sampling
        let endToEndSeconds = Double(bulk.lastSentMicroseconds - bulkStart.microsecondsSinceEpoch) / 1e6
        result.check(
            "all \(orders) confirmed by the broker", publishes.count(of: "confirmed") == orders,
            "outcomes \(publishes.outcomes)")
        result.check(
            "all \(orders) notified", allNotified && bulk.summary.count == orders, "\(bulk.summary.count) notified")
        result.latency("end to end under bulk load", bulk.summary)
        result.figure("published with confirms", Double(orders) / publishSeconds, unit: "orders/s")
        result.figure(
            "end to end (first publish → last notification)", Double(orders) / endToEndSeconds, unit: "orders/s")
        progress.say(
            "  published \(Format.decimal(Double(orders) / publishSeconds, places: 0))/s; end to end "
                + "\(Format.decimal(Double(orders) / endToEndSeconds, places: 0))/s; \(bulk.summary.oneLine)")

        result.charts.append(
            Chart(
                fileName: "throughput", title: "Part B: \(Format.count(orders)) orders through RabbitMQ",
                measured: "end to end \(Format.decimal(Double(orders) / endToEndSeconds, places: 0)) orders/s · "
                    + "p50 \(Format.milliseconds(bulk.summary.p50Milliseconds)) · p99 \(Format.milliseconds(bulk.summary.p99Milliseconds))"
                    + " · paced \(Int(pacedRate))/s p50 \(Format.milliseconds(pacedLatency.p50Milliseconds))",
                xLabel: "ms since the first publish", yLabel: "orders",
                content: .series([
                    Chart.Series(
                        name: "confirmed by the broker", points: points.map { Chart.Point($0.0, $0.1) }, color: .blue),
                    Chart.Series(name: "notified", points: points.map { Chart.Point($0.0, $0.2) }, color: .green),
                ])))
        return result
    }

    static func event() -> OrderPlaced {
        OrderPlaced(
            order: OrderRequest(userID: "bulk", lines: [.init(itemID: "pizza", quantity: 1, price: 12.5)]).place())
    }

    /// Waits until the queues are empty so one phase does not load the next.
    private func settle(_ lab: AsyncQueueLab) async throws {
        _ = try await lab.wait {
            let inventory = try await lab.depth(AsyncQueueTopology.inventoryQueue)
            let notification = try await lab.depth(AsyncQueueTopology.notificationQueue)
            return inventory == 0 && notification == 0
        }
    }

    /// (ms, confirmed, notified) every 50 ms until everything is notified or 120 s pass.
    private func sample(
        _ lab: AsyncQueueLab, from start: ContinuousClock.Instant, notifiedBefore: Int, confirmed: borrowing Atomic<Int>
    ) async throws -> [(Double, Double, Double)] {
        let clock = ContinuousClock()
        var points: [(Double, Double, Double)] = []
        while clock.now - start < .seconds(120) {
            let notified = try await lab.notificationCount() - notifiedBefore
            points.append(
                ((clock.now - start).milliseconds, Double(confirmed.load(ordering: .relaxed)), Double(notified)))
            if notified >= orders { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        return points
    }
}
