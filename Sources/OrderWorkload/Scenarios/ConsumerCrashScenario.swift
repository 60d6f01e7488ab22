import Faults
import LabKit
import OrderDomain

/// The inventory consumer killed (SIGKILL) in the middle of a stream of
/// orders and started again: it resumes from what the broker still holds for
/// it (unacked messages, uncommitted offsets); no order is lost, none is
/// reserved twice, stock decrease = completed orders.
public struct ConsumerCrashScenario<Lab: BrokeredOrderLab>: Scenario {
    public let name = "inventory-crash"
    public let title = "inventory SIGKILLed mid-stream and restarted: nothing lost, nothing reserved twice"
    public var orders = 200

    public init() {}

    public func run(in lab: Lab, progress: ProgressLog) async throws -> ScenarioResult {
        var result = ScenarioResult(name: name, title: title)
        try await lab.awaitQuiet()
        let completedBefore = try await lab.completedOrders()
        let sandwichBefore = try await lab.stock()["sandwich"] ?? 0
        // Slow enough that the kill lands with orders both done and still to do.
        try await lab.setInventoryFaults(.delay(milliseconds: 10))
        progress.say("\(orders) orders; inventory killed a quarter of the way through, then restarted")
        var answers: [HTTPExchange] = []
        for index in 0..<orders {
            answers.append(await lab.placeOrder(user: "crash-\(index)", item: "sandwich", quantity: 1))
        }
        let accepted = answers.filter { $0.status == 202 }.count
        _ = try await lab.wait(upTo: .seconds(30), every: .milliseconds(20)) {
            try await lab.completedOrders() - completedBefore >= accepted / 4
        }
        try await lab.inventory.kill()
        let atKill = try await lab.completedOrders() - completedBefore
        try await lab.inventory.start(http: lab.client.http)
        result.check("orders accepted", accepted == orders, "\(accepted) of \(orders) got 202")
        result.check(
            "killed mid-stream", atKill > 0 && atKill < accepted, "\(atKill) of \(accepted) completed at the kill")

        let drained = try await lab.wait(upTo: .seconds(90)) {
            try await lab.completedOrders() - completedBefore >= accepted
        }
        let (taken, completed) = try await lab.awaitStockMatchesCompletions(
            item: "sandwich", stockBefore: sandwichBefore, completedBefore: completedBefore)
        result.check("every accepted order completed", drained && completed == accepted, "\(completed) of \(accepted)")
        result.check(
            "nothing reserved twice", taken == accepted, "sandwich stock fell by \(taken) for \(accepted) orders")
        result.check(
            "stock decrease = completed orders", taken == completed, "sandwich -\(taken), completed \(completed)")
        let replayed = try await lab.inventoryStats().replayed
        result.figure("redeliveries recognised after the restart", Double(replayed), unit: "messages")
        return result
    }
}
