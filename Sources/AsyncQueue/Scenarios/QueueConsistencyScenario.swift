import LabKit
import OrderDomain

/// Orders from 16 concurrent clients, including a sell-out and unknown
/// items: stock decrease = reserved orders = notifications, and every refusal
/// is an InventoryFailed event.
public struct QueueConsistencyScenario: Scenario {
    public let name = "consistency"
    public let title = "stock decrease = reserved orders = notifications, with a sell-out and unknown items"

    public init() {}

    public func run(in lab: AsyncQueueLab, progress: ProgressLog) async throws -> ScenarioResult {
        var result = ScenarioResult(name: name, title: title)
        let stockBefore = try await lab.stock()
        let statsBefore = try await lab.inventoryStats()
        let notifiedBefore = try await lab.notificationCount()
        let failedBefore = try await lab.depth(AsyncQueueTopology.failedQueue)
        let salad = stockBefore["salad"] ?? 0
        let plan =
            ((0..<(salad + 50)).map { _ in "salad" } + (0..<100).map { _ in "pizza" } + (0..<10).map { _ in "sushi" })
            .shuffled()
        progress.say("\(plan.count) orders from 16 concurrent clients (salad stock \(salad))")
        let (posts, _) = await ClosedLoopLoad(concurrency: 16, total: plan.count).run { index in
            await lab.placeOrder(user: "c\(index % 16)", item: plan[index])
        }
        result.check("all accepted", posts.count(of: "202") == plan.count, "outcomes \(posts.outcomes)")
        let expectedReserved = salad + 100
        let expectedRejected = 60
        _ = try await lab.wait {
            let stats = try await lab.inventoryStats()
            let notified = try await lab.notificationCount()
            return stats.received - statsBefore.received >= plan.count && notified - notifiedBefore >= expectedReserved
        }
        try await Task.sleep(for: .milliseconds(200))
        let stats = try await lab.inventoryStats()
        let stockAfter = try await lab.stock()
        let reserved = stats.reserved - statsBefore.reserved
        let rejected = stats.rejected - statsBefore.rejected
        let notified = try await lab.notificationCount() - notifiedBefore
        let decrease = stockBefore.total - stockAfter.total
        // An outcome is published at least once: a redelivered order (a channel lost before its ack) is
        // decided again from the ledger and its InventoryFailed sent again under the same message id. One
        // event per rejection is one message id per rejection; the copies are counted beside it.
        let failedIDs = try await lab.core.clients.peekMessageIDs(in: AsyncQueueTopology.failedQueue)
            .dropFirst(failedBefore)
        let failedEvents = Set(failedIDs).count
        let repeated = failedIDs.count - failedEvents
        result.check(
            "salad sells out exactly, never below 0", stockAfter["salad"] == 0,
            "salad stock \(stockAfter["salad"] ?? -1)")
        result.check("reserved = \(expectedReserved)", reserved == expectedReserved, "\(reserved) reserved")
        result.check(
            "rejected = \(expectedRejected) (50 salad, 10 unknown)", rejected == expectedRejected,
            "\(rejected) rejected")
        result.check("stock decrease = reserved", decrease == reserved, "stock fell by \(decrease)")
        result.check("notifications = reserved", notified == reserved, "\(notified) notifications")
        result.check(
            "one InventoryFailed per rejection", failedEvents == rejected,
            "\(failedEvents) distinct in inventory.failed" + (repeated > 0 ? " (and \(repeated) sent again)" : ""))
        result.tables.append(
            .init(
                title: "counts",
                header: ["accepted (202)", "reserved", "rejected", "stock decrease", "notified", "InventoryFailed"],
                rows: [
                    [
                        String(posts.count(of: "202")), String(reserved), String(rejected), String(decrease),
                        String(notified), String(failedEvents),
                    ]
                ]))
        return result
    }
}
