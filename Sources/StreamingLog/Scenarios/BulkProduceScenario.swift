import LabKit
import OrderDomain

/// 100 orders through `POST /order`, then 10,000 events from a bulk producer
/// (5 % failed): produce rate, time until both groups have consumed
/// everything, and analytics totals exactly as produced.
public struct BulkProduceScenario: Scenario {
    public let name = "bulk-produce"
    public let title = "100 POST /order, then 10,000 events: produce rate, both groups done, totals exact"
    public var events: Int

    public init(events: Int = 10_000) {
        self.events = events
    }

    public func run(in lab: StreamingLogLab, progress: ProgressLog) async throws -> ScenarioResult {
        var result = ScenarioResult(name: name, title: title)
        // Outcomes of earlier orders reach analytics after the orders themselves; start from a settled state.
        _ = try await lab.wait { try await lab.groupsCaughtUp() }
        let before = try await lab.metrics()

        progress.say("100 sequential POST /order")
        let (posts, _) = await ClosedLoopLoad(concurrency: 1, total: 100).run { _ in await lab.placeOrder() }
        result.check("100 orders accepted (202)", posts.count(of: "202") == 100, "outcomes \(posts.outcomes)")
        result.latency("POST /order (202, delivery confirmed)", posts.latency)

        progress.say("bulk: \(events) events, 5 % with status failed")
        let clock = ContinuousClock()
        let start = clock.now
        let bulk = await lab.produceBulk(events, failureShare: 0.05)
        result.check("every event delivered", bulk.errors == 0, "\(bulk.errors) delivery errors")
        result.figure("produced with delivery confirmed", Double(events) / bulk.seconds, unit: "events/s")
        progress.say("  produced \(Format.decimal(Double(events) / bulk.seconds, places: 0)) events/s")
        let caughtUp = try await lab.wait(upTo: .seconds(180), every: .milliseconds(100)) {
            try await lab.groupsCaughtUp()
        }
        let allDone = (clock.now - start).seconds
        result.check(
            "both groups consumed everything", caughtUp,
            "lag 0 on every partition after \(Format.decimal(allDone, places: 2)) s")
        result.figure("both groups done (first produce → lag 0)", Double(events) / allDone, unit: "events/s")
        progress.say("  both groups done after \(Format.decimal(allDone, places: 2)) s")

        let after = try await lab.metrics()
        let total = after.totalOrders - before.totalOrders
        let failed = after.failedOrders - before.failedOrders
        let successful = after.successfulOrders - before.successfulOrders
        let reserved = after.inventoryReserved - before.inventoryReserved
        result.check("analytics total = produced", total == events + 100, "\(total) counted, \(events + 100) produced")
        result.check(
            "analytics failed = produced failed", failed == bulk.failed, "\(failed) counted, \(bulk.failed) produced")
        result.check(
            "inventory reserved every placed order", reserved == successful,
            "\(reserved) reserved, \(successful) placed")
        result.figure("failure rate", after.failureRate * 100, unit: "%")
        result.tables.append(
            .init(
                title: "metrics report (GET /metrics after the run)",
                header: [
                    "total", "successful", "failed", "failure rate", "inventory reserved", "inventory failed",
                    "malformed",
                ],
                rows: [
                    [
                        String(after.totalOrders), String(after.successfulOrders), String(after.failedOrders),
                        "\(Format.decimal(after.failureRate * 100, places: 2)) %", String(after.inventoryReserved),
                        String(after.inventoryFailed), String(after.malformed),
                    ]
                ]))
        result.charts.append(
            Chart(
                fileName: "bulk-produce", title: "Part C: \(Format.count(events)) events through the log",
                measured:
                    "produced \(Format.decimal(Double(events) / bulk.seconds, places: 0)) events/s (delivery confirmed) · "
                    + "both groups done in \(Format.decimal(allDone, places: 2)) s",
                xLabel: "", yLabel: "events",
                content: .bars([
                    .init("produced", Double(events + 100), color: .blue),
                    .init("analytics: total", Double(total), color: .green),
                    .init("analytics: successful", Double(successful), color: .green),
                    .init("analytics: failed", Double(failed), color: .red),
                    .init("inventory: reserved", Double(reserved), color: .purple),
                ])))
        return result
    }
}
