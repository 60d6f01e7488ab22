import LabKit
import OrderDomain

/// InventoryService stopped: orders fail at once with 503 and take no stock.
/// Paused (alive but not answering): orders wait for the timeout, then 504.
public struct InventoryDownScenario: Scenario {
    public let name = "inventory-down"
    public let title = "InventoryService stopped → fast 503, stock unchanged; paused → 504 at the timeout"

    public init() {}

    public func run(in lab: SyncRESTLab, progress: ProgressLog) async throws -> ScenarioResult {
        var result = ScenarioResult(name: name, title: title)
        let http = lab.client.http
        let stockBefore = try await lab.stock()
        func orders(_ count: Int) async -> LoadReport {
            await ClosedLoopLoad(concurrency: 1, total: count).run { _ in await lab.placeOrder() }.0
        }

        progress.say("stopping InventoryService (SIGTERM)")
        try await lab.inventory.stop()
        let down = await orders(20)
        result.check("inventory down → every order 503", down.count(of: "503") == 20, "outcomes \(down.outcomes)")
        result.latency("inventory stopped (503)", down.latency)
        let sample = await lab.placeOrder()
        let code = sample.decode(ErrorBody.self)?.error.code ?? "none"
        result.check(
            "503 body says inventory is unavailable", code == "inventory_unavailable", "\(sample.bodyText.prefix(200))")
        let timeout = lab.downstreamTimeout.milliseconds
        result.check(
            "503s come before the timeout, not at it", down.latency.maxMilliseconds < timeout,
            "slowest \(Format.milliseconds(down.latency.maxMilliseconds)) vs \(Int(timeout)) ms timeout")

        progress.say("restarting InventoryService on the same port")
        try await lab.inventory.start(http: http)
        let stockRestarted = try await lab.stock()
        result.check(
            "stock unchanged by the outage", stockRestarted == stockBefore,
            "pizza \(stockBefore["pizza"] ?? -1) → \(stockRestarted["pizza"] ?? -1)")
        let back = await orders(5)
        result.check("orders succeed after restart", back.count(of: "201") == 5, "outcomes \(back.outcomes)")

        progress.say("pausing InventoryService (SIGSTOP): 2 orders")
        let beforePause = try await lab.stock()
        try await lab.inventory.pause()
        var pausedOutcomes: [String: Int] = [:]
        var pausedLatency = LatencyRecorder()
        var timedOut: [String] = []
        for _ in 0..<2 {
            let exchange = await lab.placeOrder()
            pausedOutcomes[exchange.outcome, default: 0] += 1
            pausedLatency.record(exchange.latency)
            if exchange.status == 504, let id = SyncRESTLab.orderID(in: exchange) { timedOut.append(id) }
        }
        try await lab.inventory.resume()
        result.check("inventory paused → 504 at the timeout", timedOut.count == 2, "outcomes \(pausedOutcomes)")
        result.latency("inventory paused (504)", pausedLatency.summary)
        // The paused requests are processed after the resume, in any order with
        // the releases; once every reservation is `released` the stock is final.
        let settled = try await lab.awaitReleased(timedOut)
        let stockAfter = try await lab.stock()
        result.check(
            "timed-out orders released their stock", settled && stockAfter == beforePause,
            "\(timedOut.count) reservations \(settled ? "released" : "not all released"); "
                + "pizza \(beforePause["pizza"] ?? -1) → \(stockAfter["pizza"] ?? -1)")
        result.figure("503 p50 with inventory stopped", down.latency.p50Milliseconds, unit: "ms")
        result.figure("504 p50 with inventory paused", pausedLatency.summary.p50Milliseconds, unit: "ms")
        return result
    }
}
