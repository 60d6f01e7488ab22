import LabKit
import OrderDomain

/// A 2 s delay in InventoryService shows up in every order's latency, a delay
/// past OrderService's timeout turns into 504s, and clearing it restores the
/// baseline.
public struct DelayInjectionScenario: Scenario {
    public let name = "delay-injection"
    public let title = "2 s delay in InventoryService propagates end to end; past the timeout it is a 504"
    public var delay: Duration = .seconds(2)

    public init() {}

    public func run(in lab: SyncRESTLab, progress: ProgressLog) async throws -> ScenarioResult {
        var result = ScenarioResult(name: name, title: title)
        let stockBefore = try await lab.stock()
        var created = 0
        var points: [(phase: Int, latency: Double)] = []
        func sequential(_ count: Int, phase: Int) async -> LoadReport {
            let (report, recorder) = await ClosedLoopLoad(concurrency: 1, total: count).run(keepSamples: true) { _ in
                await lab.placeOrder()
            }
            created += report.count(of: "201")
            points += recorder.samples.map { (phase, $0) }
            return report
        }

        progress.say("baseline: 20 orders")
        let baseline = await sequential(20, phase: 0)
        result.latency("baseline", baseline.latency)

        let delayMilliseconds = Int(delay.milliseconds)
        try await lab.setInventoryFaults(.delay(milliseconds: delayMilliseconds))
        progress.say("inventory delay \(delayMilliseconds) ms: 5 orders")
        let delayed = await sequential(5, phase: 1)
        result.latency("inventory delayed \(delayMilliseconds) ms", delayed.latency)
        result.check("delayed orders still succeed", delayed.count(of: "201") == 5, "outcomes \(delayed.outcomes)")
        result.check(
            "every delayed order took ≥ the delay", delayed.latency.minMilliseconds >= delay.milliseconds,
            "fastest \(Format.milliseconds(delayed.latency.minMilliseconds)) with \(delayMilliseconds) ms injected")

        let timeoutMilliseconds = Int(lab.downstreamTimeout.milliseconds)
        let beyond = timeoutMilliseconds + 1_000
        try await lab.setInventoryFaults(.delay(milliseconds: beyond))
        progress.say("inventory delay \(beyond) ms (timeout \(timeoutMilliseconds) ms): 2 orders")
        var timedOutIDs: [String] = []
        var timedOutOutcomes: [String: Int] = [:]
        var timedOutLatency = LatencyRecorder()
        for _ in 0..<2 {
            let exchange = await lab.placeOrder()
            timedOutOutcomes[exchange.outcome, default: 0] += 1
            timedOutLatency.record(exchange.latency)
            points.append((2, exchange.latency.milliseconds))
            if exchange.status == 504, let id = SyncRESTLab.orderID(in: exchange) { timedOutIDs.append(id) }
        }
        result.latency("inventory delayed past the timeout", timedOutLatency.summary)
        result.check("past the timeout → 504", timedOutIDs.count == 2, "outcomes \(timedOutOutcomes)")

        try await lab.setInventoryFaults(.none)
        progress.say("delay cleared: 20 orders")
        let recovered = await sequential(20, phase: 3)
        result.latency("after clearing", recovered.latency)
        result.check(
            "orders succeed after clearing", recovered.count(of: "201") == 20, "outcomes \(recovered.outcomes)")
        result.check(
            "latency back below the injected delay", recovered.latency.maxMilliseconds < delay.milliseconds,
            "slowest \(Format.milliseconds(recovered.latency.maxMilliseconds))")

        // The delayed reservations and their releases land after the timeouts,
        // in either order; once both are `released` the stock is final.
        let settled = try await lab.awaitReleased(timedOutIDs)
        let expected = (stockBefore["pizza"] ?? 0) - created
        let stockAfter = try await lab.stock()
        result.check(
            "timed-out orders took no stock", settled && stockAfter["pizza"] == expected,
            "\(settled ? "both released" : "not all released"); pizza \(stockAfter["pizza"] ?? -1), "
                + "expected \(expected) after \(created) created")
        result.figure(
            "delay amplification (p50 delayed / p50 baseline)",
            delayed.latency.p50Milliseconds / max(baseline.latency.p50Milliseconds, 0.001), unit: "×")

        let phases: [(String, Chart.Color)] = [
            ("baseline", .blue), ("\(delayMilliseconds) ms delay → 201", .orange), ("\(beyond) ms delay → 504", .red),
            ("delay cleared", .green),
        ]
        var series: [Chart.Series] = []
        for (index, phase) in phases.enumerated() {
            let mine = points.enumerated().filter { $0.element.phase == index }
            series.append(
                Chart.Series(
                    name: phase.0, points: mine.map { Chart.Point(Double($0.offset + 1), $0.element.latency) },
                    color: phase.1, dotsOnly: true))
        }
        result.charts.append(
            Chart(
                fileName: "delay-injection", title: "Part A: delay in InventoryService propagates to every order",
                measured:
                    "baseline p50 \(Format.milliseconds(baseline.latency.p50Milliseconds)) · delayed p50 \(Format.milliseconds(delayed.latency.p50Milliseconds))"
                    + " · OrderService timeout \(timeoutMilliseconds) ms",
                xLabel: "order (in the order sent)", yLabel: "end-to-end latency (ms)", content: .series(series)))
        return result
    }
}
