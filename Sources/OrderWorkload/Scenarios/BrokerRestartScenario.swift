import Brokers
import Faults
import LabKit
import OrderDomain

/// The broker stopped and started again on the same data while orders are
/// queued — its application cleanly (RabbitMQ `stop_app` / `start_app`), or
/// its processes SIGKILLed and the broker started again from its data
/// folder: every connection drops, the services reconnect by themselves,
/// every order accepted before the fault completes once, and new orders are
/// accepted after it.
public struct BrokerRestartScenario<Lab: BrokeredOrderLab>: Scenario {
    public enum Fault: Sendable {
        /// The application stopped and started again cleanly.
        case restart
        /// SIGKILL, then started again from the data folder after `downFor`.
        case crash(downFor: Duration)
    }

    public var fault: Fault
    public var orders = 20

    public init(_ fault: Fault = .restart) {
        self.fault = fault
    }

    public var name: String {
        switch fault {
        case .restart: "broker-restart"
        case .crash: "broker-crash"
        }
    }

    public var title: String {
        switch fault {
        case .restart:
            "broker restarted on its data: services reconnect by themselves; accepted orders complete"
        case .crash:
            "broker SIGKILLed and started from its data: nothing accepted lost, nothing reserved twice"
        }
    }

    public func run(in lab: Lab, progress: ProgressLog) async throws -> ScenarioResult {
        var result = ScenarioResult(name: name, title: title)
        let needed: BrokerProcessFault
        switch fault {
        case .restart: needed = .restart
        case .crash: needed = .crash
        }
        if let reason = lab.broker.whyNot(needed) {
            result.check("the broker can be \(needed == .crash ? "crashed" : "restarted") on its data", false, reason)
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
        result.check(
            "orders before the \(needed.rawValue) accepted", accepted == orders, "\(accepted) of \(orders) got 202")

        let clock = ContinuousClock()
        let start = clock.now
        switch fault {
        case .restart:
            progress.say("broker application stopped and started again (stop_app, start_app)")
            try await lab.broker.restart()
            result.figure("broker restart", (clock.now - start).seconds, unit: "s")
        case .crash(let downFor):
            progress.say("broker SIGKILLed; started again from its data folder after \(downFor)")
            try await lab.broker.crash(restartAfter: downFor)
            result.figure("broker crash to accepting connections", (clock.now - start).seconds, unit: "s")
        }
        try await lab.setInventoryFaults(.none)

        let drained = try await lab.wait(upTo: .seconds(60)) {
            try await lab.completedOrders() - completedBefore >= accepted
        }
        let completed = try await lab.completedOrders() - completedBefore
        result.check(
            "every order accepted before the \(needed.rawValue) completed", drained, "\(completed) of \(accepted)")

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
