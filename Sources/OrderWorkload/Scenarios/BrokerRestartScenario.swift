import Faults
import LabKit
import OrderDomain

/// The broker application stopped and started again on the same data
/// (RabbitMQ `stop_app` / `start_app`) while orders are queued: every
/// connection drops, the services reconnect by themselves, and every order
/// accepted before the restart completes; new orders are accepted after it.
public struct BrokerRestartScenario<Lab: BrokeredOrderLab>: Scenario {
    public let name = "broker-restart"
    public let title = "broker restarted on its data: services reconnect by themselves; accepted orders complete"
    public var orders = 20

    public init() {}

    public func run(in lab: Lab, progress: ProgressLog) async throws -> ScenarioResult {
        var result = ScenarioResult(name: name, title: title)
        guard lab.broker.canRestart else {
            result.check("the broker can be restarted on its data", false, "not one the lab started, or in memory only")
            return result
        }
        try await lab.awaitQuiet()
        let completedBefore = try await lab.completedOrders()
        let pizzaBefore = try await lab.stock()["pizza"] ?? 0
        try await lab.setInventoryFaults(.delay(milliseconds: 100))
        var answers: [HTTPExchange] = []
        for index in 0..<orders {
            answers.append(await lab.placeOrder(user: "restart-\(index)", item: "pizza", quantity: 1))
        }
        let accepted = answers.filter { $0.status == 202 }.count
        result.check("orders before the restart accepted", accepted == orders, "\(accepted) of \(orders) got 202")

        progress.say("broker application stopped and started again (stop_app, start_app)")
        let clock = ContinuousClock()
        let start = clock.now
        try await lab.broker.restart()
        result.figure("broker restart", (clock.now - start).seconds, unit: "s")
        try await lab.setInventoryFaults(.none)

        let drained = try await lab.wait(upTo: .seconds(60)) {
            try await lab.completedOrders() - completedBefore >= accepted
        }
        let completed = try await lab.completedOrders() - completedBefore
        result.check("every order accepted before the restart completed", drained, "\(completed) of \(accepted)")

        // The order service reconnects on its next publish.
        let after = try await retryingUntilAccepted(lab)
        result.check(
            "the order service reconnected by itself", after.status == 202, "\(after.outcome) after the restart")
        let (taken, completedNow) = try await lab.awaitStockMatchesCompletions(
            item: "pizza", stockBefore: pizzaBefore, completedBefore: completedBefore)
        result.check(
            "stock decrease = completed orders", taken == completedNow, "pizza -\(taken), completed \(completedNow)")
        return result
    }

    /// The first request after a restart may meet the dead connection (503) and
    /// so drop it; the next one reconnects. A client would retry with the same order_id.
    private func retryingUntilAccepted(_ lab: Lab) async throws -> HTTPExchange {
        var last = await lab.placeOrder(id: "after-restart", user: "restart", item: "pizza", quantity: 1)
        for _ in 0..<4 where last.status != 202 {
            try await Task.sleep(for: .milliseconds(500))
            last = await lab.placeOrder(id: "after-restart", user: "restart", item: "pizza", quantity: 1)
        }
        return last
    }
}
