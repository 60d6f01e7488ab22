import Faults
import LabKit
import OrderDomain

/// The same message twice, and a consumer that crashes after its commit but
/// before its ack: stock changes once, one notification, each time.
public struct IdempotencyScenario: Scenario {
    public let name = "idempotency"
    public let title = "same message_id twice, and a crash between commit and ack: stock changes once"

    public init() {}

    public func run(in lab: AsyncQueueLab, progress: ProgressLog) async throws -> ScenarioResult {
        var result = ScenarioResult(name: name, title: title)

        progress.say("publishing one OrderPlaced twice with the same message_id")
        let duplicate = OrderPlaced(
            order: OrderRequest(userID: "dup", lines: [.init(itemID: "burger", quantity: 1, price: 9)]).place())
        let before = try await lab.stock()
        let notifiedBefore = try await lab.notificationCount()
        let replayedBefore = try await lab.inventoryStats().replayed
        try await lab.publish(duplicate)
        try await lab.publish(duplicate)
        _ = try await lab.wait { try await lab.inventoryStats().replayed > replayedBefore }
        _ = try await lab.wait { try await lab.notificationCount() > notifiedBefore }
        let afterDuplicate = try await lab.stock()
        let duplicateDelta = (before["burger"] ?? 0) - (afterDuplicate["burger"] ?? 0)
        let duplicateNotified = try await lab.notificationCount() - notifiedBefore
        result.check("duplicate: stock changed once", duplicateDelta == 1, "burger stock fell by \(duplicateDelta)")
        result.check(
            "duplicate: recognised as a replay", try await lab.inventoryStats().replayed == replayedBefore + 1,
            "replayed +1")
        result.check("duplicate: one notification", duplicateNotified == 1, "\(duplicateNotified) notifications")

        progress.say("crash after commit, before ack: InventoryService dies holding the message")
        try await lab.setInventoryFaults(FaultPlan(crash: .afterCommit))
        let crashing = OrderPlaced(
            order: OrderRequest(userID: "crash", lines: [.init(itemID: "sandwich", quantity: 2, price: 8)]).place())
        let beforeCrash = try await lab.stock()
        let notifiedBeforeCrash = try await lab.notificationCount()
        try await lab.publish(crashing)
        let died = try await lab.wait(upTo: .seconds(10)) { await !lab.inventory.isRunning }
        result.check("inventory crashed after committing", died, died ? "process exited" : "still running")
        let requeued = try await lab.wait(upTo: .seconds(5)) {
            try await lab.depth(AsyncQueueTopology.inventoryQueue) == 1
        }
        progress.say("restarting InventoryService; the unacked message is redelivered")
        try await lab.inventory.start(http: lab.client.http)
        _ = try await lab.wait { try await lab.notificationCount() > notifiedBeforeCrash }
        try await Task.sleep(for: .milliseconds(300))
        let afterCrash = try await lab.stock()
        let crashDelta = (beforeCrash["sandwich"] ?? 0) - (afterCrash["sandwich"] ?? 0)
        let crashNotified = try await lab.notificationCount() - notifiedBeforeCrash
        let stats = try await lab.inventoryStats()
        result.check(
            "crash: message was back in the queue", requeued, requeued ? "depth 1 after the crash" : "not requeued")
        result.check("crash: redelivery recognised", stats.replayed == 1, "replayed \(stats.replayed) since restart")
        result.check(
            "crash: stock changed once", crashDelta == 2, "sandwich stock fell by \(crashDelta) for one order of 2")
        result.check("crash: one notification", crashNotified == 1, "\(crashNotified) notifications")

        result.charts.append(
            Chart(
                fileName: "idempotency", title: "Part B: duplicates and redeliveries take stock once",
                measured: "stock decrease per order: expected vs observed",
                xLabel: "case", yLabel: "units of stock taken",
                content: .bars([
                    .init("duplicate: expected", 1, color: .gray),
                    .init("duplicate: observed", Double(duplicateDelta), color: .green),
                    .init("crash: expected", 2, color: .gray),
                    .init("crash: observed", Double(crashDelta), color: .green),
                ])))
        return result
    }
}
