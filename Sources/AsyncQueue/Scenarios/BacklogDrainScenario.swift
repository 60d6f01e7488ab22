import LabKit
import OrderDomain

/// With InventoryService stopped, orders are still accepted (202) and wait in
/// the queue; restarted, it drains them all and every one is notified.
public struct BacklogDrainScenario: Scenario {
    public let name = "backlog-drain"
    public let title = "inventory stopped: 20 orders accepted and queued; restarted, all drain and are notified"
    public var orders = 20

    public init() {}

    public func run(in lab: AsyncQueueLab, progress: ProgressLog) async throws -> ScenarioResult {
        var result = ScenarioResult(name: name, title: title)
        let notifiedBefore = try await lab.notificationCount()
        let stockBefore = try await lab.stock()

        progress.say("stopping InventoryService")
        try await lab.inventory.stop()
        let (accepted, _) = await ClosedLoopLoad(concurrency: 1, total: orders).run { _ in await lab.placeOrder() }
        result.check(
            "every order accepted with 202", accepted.count(of: "202") == orders, "outcomes \(accepted.outcomes)")
        result.latency("POST /order with inventory stopped", accepted.latency)
        let depth = try await lab.depth(AsyncQueueTopology.inventoryQueue)
        result.check("queue depth = orders accepted", depth == orders, "inventory.order-placed holds \(depth)")

        progress.say("restarting InventoryService; sampling queue depth")
        let clock = ContinuousClock()
        let start = clock.now
        try await lab.inventory.start(http: lab.client.http)
        var samples: [Chart.Point] = [Chart.Point(0, Double(depth))]
        var notified = 0
        while clock.now - start < .seconds(30) {
            let current = try await lab.depth(AsyncQueueTopology.inventoryQueue)
            notified = try await lab.notificationCount() - notifiedBefore
            samples.append(Chart.Point((clock.now - start).milliseconds, Double(current)))
            if current == 0, notified >= orders { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        let drain = clock.now - start
        result.check("all drained and notified", notified == orders, "\(notified) of \(orders) notified")
        let stockAfter = try await lab.stock()
        let decrease = (stockBefore["pizza"] ?? 0) - (stockAfter["pizza"] ?? 0)
        result.check("nothing lost or doubled", decrease == orders, "pizza stock fell by \(decrease)")
        result.figure("drain time incl. restart", drain.milliseconds, unit: "ms")
        progress.say("drained in \(Format.milliseconds(drain.milliseconds)) (service restart included)")

        result.charts.append(
            Chart(
                fileName: "backlog-drain", title: "Part B: the queue absorbs an InventoryService outage",
                measured:
                    "\(orders) orders accepted (202) while inventory was down; depth sampled from the broker after restart",
                xLabel: "ms since InventoryService restart began", yLabel: "messages in inventory.order-placed",
                content: .series([Chart.Series(name: "queue depth", points: samples, color: .blue)])))
        return result
    }
}
