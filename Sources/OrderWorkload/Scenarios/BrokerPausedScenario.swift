import Faults
import LabKit
import OrderDomain

/// The broker unavailable while orders are queued, frozen (SIGSTOP) or
/// blocking publishers (a RabbitMQ memory alarm): `POST /order` answers 503
/// within the order service's deadline instead of waiting, and once the
/// broker is back every order accepted before completes and new orders are
/// accepted again.
public struct BrokerPausedScenario<Lab: BrokeredOrderLab>: Scenario {
    public enum Fault: Sendable {
        /// The broker process stopped with SIGSTOP: nothing answers.
        case frozen
        /// A resource alarm: the broker answers but blocks every publisher.
        case publishersBlocked
    }

    public let fault: Fault
    public var name: String { fault == .frozen ? "broker-paused" : "broker-blocked" }
    public var title: String {
        fault == .frozen
            ? "broker frozen: POST /order is 503 within its deadline; accepted orders complete after the thaw"
            : "broker memory alarm: POST /order is 503 within its deadline; accepted orders complete once cleared"
    }
    public var orders = 10
    public var pause: Duration = .seconds(2)

    public init(_ fault: Fault = .frozen) {
        self.fault = fault
    }

    public func run(in lab: Lab, progress: ProgressLog) async throws -> ScenarioResult {
        var result = ScenarioResult(name: name, title: title)
        guard fault == .frozen ? lab.broker.isOwned : lab.broker.canBlockPublishers else {
            result.check(
                "the lab can apply the fault", false,
                fault == .frozen ? "it did not start the broker, so it may not freeze it" : "this broker has no alarm")
            return result
        }
        try await lab.awaitQuiet()
        let completedBefore = try await lab.completedOrders()
        let pizzaBefore = try await lab.stock()["pizza"] ?? 0
        // A slow inventory leaves orders in the broker when it freezes.
        try await lab.setInventoryFaults(.delay(milliseconds: 100))
        progress.say("\(orders) orders accepted, then the broker made unavailable with them in flight")
        var answers: [HTTPExchange] = []
        for index in 0..<orders {
            answers.append(await lab.placeOrder(user: "pause-\(index)", item: "pizza", quantity: 1))
        }
        let accepted = answers.filter { $0.status == 202 }.count
        result.check("orders before the fault accepted", accepted == orders, "\(accepted) of \(orders) got 202")

        switch fault {
        case .frozen: try await lab.broker.pause()
        case .publishersBlocked: try await lab.broker.blockPublishers(true)
        }
        let limit = lab.acceptDeadline + .seconds(10)
        let whilePaused = await lab.client.send(
            .POST, lab.orderURL + "/order", body: OrderBody.short(user: "during-pause", item: "pizza", quantity: 1),
            timeout: limit)
        try? await Task.sleep(for: pause)
        switch fault {
        case .frozen: try lab.broker.resume()
        case .publishersBlocked: try await lab.broker.blockPublishers(false)
        }
        try await lab.setInventoryFaults(.none)
        progress.say("broker back; waiting for the accepted orders to complete")

        result.check(
            "503 while unavailable, before the client gave up",
            whilePaused.status == 503 && whilePaused.bodyText.contains("broker_unavailable"),
            "\(whilePaused.outcome) after \(Format.decimal(whilePaused.latency.seconds)) s (deadline "
                + "\(Format.decimal(lab.acceptDeadline.seconds)) s, client limit \(Format.decimal(limit.seconds)) s)")
        result.figure("answer time while unavailable", whilePaused.latency.seconds, unit: "s")

        let drained = try await lab.wait(upTo: .seconds(60)) {
            try await lab.completedOrders() - completedBefore >= accepted
        }
        let completed = try await lab.completedOrders() - completedBefore
        result.check(
            "every order accepted before the fault completed", drained,
            "\(completed) completed for \(accepted) accepted"
                + (completed > accepted
                    ? " (+ the one refused meanwhile: the broker had taken it; the 503 says it may)" : ""))

        let after = await lab.placeOrder(user: "after-pause", item: "pizza", quantity: 1)
        // Counted from what had completed by now: the order refused during the fault may have completed too,
        // so "accepted + 1" could be reached before this order is done.
        let recovered = try await lab.wait(upTo: .seconds(30)) {
            try await lab.completedOrders() - completedBefore >= completed + 1
        }
        result.check(
            "accepted and completed again once the broker is back", after.status == 202 && recovered,
            "\(after.outcome), completed \(try await lab.completedOrders() - completedBefore)")
        // After a thaw the producers reconnect with back-off, and a decision whose delivery timed out
        // during the freeze is retried after its own back-off: the last completion can trail by tens of
        // seconds (seen: over 20 s once in CI), so the bound is wide; the check is that they meet.
        let (taken, completedNow) = try await lab.awaitStockMatchesCompletions(
            item: "pizza", stockBefore: pizzaBefore, completedBefore: completedBefore, upTo: .seconds(90))
        result.check(
            "stock decrease = completed orders", taken == completedNow, "pizza -\(taken), completed \(completedNow)")
        return result
    }
}
