import Faults
import LabKit
import OrderDomain

/// The order service's compensations are durable and final: a notification
/// that times out but lands later does not confirm an order whose stock was
/// given back; an order service killed right after answering 504 still gives
/// the stock back once restarted; and an inventory whose connection drops
/// right after its commit gets its stock back once it is up again. Stock
/// decrease = notified orders after each.
public struct CompensationScenario: Scenario {
    public let name = "compensation"
    public let title =
        "late notification, order service killed after a 504, inventory lost after its commit: stock = notified"

    public init() {}

    public func run(in lab: SyncRESTLab, progress: ProgressLog) async throws -> ScenarioResult {
        var result = ScenarioResult(name: name, title: title)
        let timeoutMs = Int(lab.downstreamTimeout.microseconds / 1000)
        let stockBefore = try await lab.stock()
        let notifiedBefore = try await lab.notificationCount()

        progress.say("notification slower than the timeout: its answer (and record) would come after the 504")
        try await lab.setNotificationFaults(.delay(milliseconds: timeoutMs + 1_500))
        let late = await lab.placeOrder(user: "late-notification", item: "burger", quantity: 2)
        result.check(
            "504 when the notification is too slow", late.status == 504, "\(late.outcome) \(late.bodyText.prefix(100))")
        // The delayed send reaches the notification service after the cancel.
        try await Task.sleep(for: .milliseconds(2_500))
        try await lab.setNotificationFaults(.none)

        progress.say("inventory slower than the timeout, and the order service killed right after its 504")
        try await lab.setInventoryFaults(.delay(milliseconds: timeoutMs + 1_500))
        let killed = await lab.placeOrder(user: "killed-after-504", item: "burger", quantity: 3)
        try await lab.order.kill()
        result.check("504 when inventory is too slow", killed.status == 504, killed.outcome)
        try await lab.setInventoryFaults(.none)
        // The late reservation commits while nobody is left to release it in memory.
        try await Task.sleep(for: .milliseconds(2_500))
        try await lab.order.start(http: lab.client.http)
        progress.say("order service restarted: its outbox still holds the compensation")

        progress.say("inventory dies right after committing a reservation: the order service never hears the answer")
        try await lab.setInventoryFaults(FaultPlan(crash: .afterCommit))
        let dropped = await lab.placeOrder(user: "dropped-after-commit", item: "burger", quantity: 4)
        result.check(
            "503 when inventory's connection drops after its commit", dropped.status == 503, dropped.outcome)
        let crashed = await lab.inventory.waitUntilExited(upTo: .seconds(10))
        result.check("inventory died after committing", crashed, crashed ? "process exited" : "still running")
        try await lab.inventory.start(http: lab.client.http)

        let settled = try await lab.wait(upTo: .seconds(30)) { try await lab.pendingCompensations() == 0 }
        let stockAfter = try await lab.stock()
        let notified = try await lab.notificationCount() - notifiedBefore
        result.check("every compensation carried out", settled, "pending \(try await lab.pendingCompensations())")
        result.check("none of the orders notified", notified == 0, "\(notified) notifications")
        result.check(
            "stock decrease = notified orders (none)", stockAfter == stockBefore,
            "burger \(stockBefore["burger"] ?? 0) → \(stockAfter["burger"] ?? 0)")
        for (label, exchange) in [
            ("late notification", late), ("killed after 504", killed), ("dropped after commit", dropped),
        ] {
            if let id = SyncRESTLab.orderID(in: exchange) {
                let state = try await lab.reservationState(of: id)
                result.check("\(label): reservation released", state == "released", "state \(state ?? "none")")
            } else {
                result.check("\(label): reservation released", false, "no order id in the answer")
            }
        }
        return result
    }
}
