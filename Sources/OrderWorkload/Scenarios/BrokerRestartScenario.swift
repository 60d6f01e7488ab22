import Brokers
import Faults
import LabKit
import OrderDomain

/// The broker stopped and started again on the same data while orders are
/// queued — its application cleanly (RabbitMQ `stop_app` / `start_app`), or
/// its processes SIGKILLed and the broker started again from its data
/// folder: every connection drops, the services reconnect by themselves,
/// every order accepted before the fault completes once, and new orders are
/// accepted after it. A broker that keeps its log in memory (part C's
/// embedded one) cannot pass the first: what it loses is counted and
/// reported with the reason, and the rest is checked as for any broker.
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
            "broker SIGKILLed and started again: nothing accepted lost (or what a broker without its data lost, "
                + "counted), nothing reserved twice"
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
        let losesItsData = needed == .crash ? lab.broker.crashLoses : nil
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
            progress.say("broker SIGKILLed; started again from its folder after \(downFor)")
            try await lab.broker.crash(restartAfter: downFor)
            result.figure("broker crash to accepting connections", (clock.now - start).seconds, unit: "s")
        }
        try await lab.setInventoryFaults(.none)

        // A broker that lost its data will not bring the rest back: waiting for it is only the time to see that.
        let drained = try await lab.wait(upTo: .seconds(losesItsData == nil ? 60 : 15)) {
            try await lab.completedOrders() - completedBefore >= accepted
        }
        let completed = try await lab.completedOrders() - completedBefore
        if let losesItsData {
            // Counted, not asserted: a broker without its data cannot keep what it held.
            let lost = max(0, accepted - completed)
            result.figure("accepted orders lost with the broker", Double(lost), unit: "orders")
            result.tables.append(
                ScenarioResult.Table(
                    title: "What the crash lost", header: ["accepted before it", "completed", "lost", "why"],
                    rows: [["\(accepted)", "\(completed)", "\(lost)", losesItsData]]))
        } else {
            result.check(
                "every order accepted before the \(needed.rawValue) completed", drained, "\(completed) of \(accepted)")
        }

        // The order service reconnects on its next publish.
        let after = try await retryingUntilAccepted(lab)
        result.check(
            "the order service reconnected by itself", after.status == 202, "\(after.outcome) after the restart")
        if losesItsData != nil {
            let completedAfter = try await lab.wait(upTo: .seconds(60)) {
                try await lab.completedOrders() - completedBefore > completed
            }
            result.check(
                "an order accepted after the crash completes (the consumers found the broker again)", completedAfter,
                "completed orders: \(try await lab.completedOrders() - completedBefore), before it: \(completed)")
        }
        if losesItsData == nil {
            let (taken, completedNow) = try await lab.awaitStockMatchesCompletions(
                item: "pizza", stockBefore: pizzaBefore, completedBefore: completedBefore)
            result.check(
                "stock decrease = completed orders", taken == completedNow, "pizza -\(taken), completed \(completedNow)"
            )
        } else {
            // Stock can have been taken for an order whose outcome the broker then lost, never twice for one.
            let taken = pizzaBefore - (try await lab.stock()["pizza"] ?? 0)
            let completedNow = try await lab.completedOrders() - completedBefore
            result.check(
                "nothing reserved twice (stock decrease ≤ orders accepted)", taken <= accepted + 1,
                "pizza -\(taken), \(accepted + 1) orders accepted")
            result.figure(
                "reserved, but the outcome was lost with the broker", Double(max(0, taken - completedNow)),
                unit: "orders")
        }
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
