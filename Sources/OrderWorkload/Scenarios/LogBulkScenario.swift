import LabKit
import OrderDomain

/// 100 orders through `POST /order`, then a bulk of events appended to the
/// log past the producer service, every write confirmed (5 % failed): the
/// append rate, the time until every reader has read to the end, and
/// analytics totals exactly as written — for either log model.
public struct LogBulkScenario<Lab: LogLab>: Scenario {
    public let name = "bulk-produce"
    public let title: String
    public var events: Int
    /// How the chart names the model and its log, e.g. "Part D" and "a RabbitMQ stream".
    private let part: String
    private let log: String

    public init(events: Int = 10_000, part: String, log: String) {
        self.events = events
        self.part = part
        self.log = log
        title =
            "100 POST /order, then \(Format.count(events)) events into \(log): append rate, every reader done, totals exact"
    }

    public func run(in lab: Lab, progress: ProgressLog) async throws -> ScenarioResult {
        var result = ScenarioResult(name: name, title: title)
        // Outcomes of earlier orders reach analytics after the orders themselves; start from a settled state.
        _ = try await lab.wait { try await lab.readersCaughtUp() }
        let before = try await lab.metrics()

        progress.say("100 sequential POST /order")
        let (posts, _) = await ClosedLoopLoad(concurrency: 1, total: 100).run { _ in await lab.placeOrder() }
        result.check("100 orders accepted (202)", posts.count(of: "202") == 100, "outcomes \(posts.outcomes)")
        result.latency("POST /order (202, write confirmed)", posts.latency)

        progress.say("bulk: \(Format.count(events)) events, 5 % with status failed, every write confirmed")
        let clock = ContinuousClock()
        let start = clock.now
        let bulk = try await lab.appendEvents(events, failureShare: 0.05)
        let appendRate = Double(events) / bulk.seconds
        result.check("every write confirmed", bulk.deliveryErrors == 0, "\(bulk.deliveryErrors) writes failed")
        result.figure("appended, each write confirmed", appendRate, unit: "events/s")
        progress.say("  appended \(Format.decimal(appendRate, places: 0)) events/s")
        let expected = events + 100
        let done = try await lab.wait(upTo: .seconds(180), every: .milliseconds(100)) {
            let counted = try await lab.metrics().totalOrders - before.totalOrders
            guard counted >= expected else { return false }
            return try await lab.readersCaughtUp()
        }
        let allDone = (clock.now - start).seconds
        result.check(
            "every reader read to the end", done, "caught up after \(Format.decimal(allDone, places: 2)) s")
        result.figure("every reader done (first append → all read)", Double(events) / allDone, unit: "events/s")
        progress.say("  every reader done after \(Format.decimal(allDone, places: 2)) s")

        let after = try await lab.metrics()
        let total = after.totalOrders - before.totalOrders
        let failed = after.failedOrders - before.failedOrders
        let successful = after.successfulOrders - before.successfulOrders
        let reserved = after.inventoryReserved - before.inventoryReserved
        result.check("analytics total = written", total == expected, "\(total) counted, \(expected) written")
        result.check(
            "analytics failed = written failed", failed == bulk.failed, "\(failed) counted, \(bulk.failed) written")
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
                fileName: "bulk-produce", title: "\(part): \(Format.count(events)) events through \(log)",
                measured:
                    "appended \(Format.decimal(appendRate, places: 0)) events/s (each write confirmed) · "
                    + "every reader done in \(Format.decimal(allDone, places: 2)) s",
                xLabel: "", yLabel: "events",
                content: .bars([
                    .init("written", Double(expected), color: .blue),
                    .init("analytics: total", Double(total), color: .green),
                    .init("analytics: successful", Double(successful), color: .green),
                    .init("analytics: failed", Double(failed), color: .red),
                    .init("inventory: reserved", Double(reserved), color: .purple),
                ]), showsEveryValue: true))
        return result
    }
}
