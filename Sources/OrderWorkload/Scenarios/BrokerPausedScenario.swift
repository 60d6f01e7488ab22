import Faults
import LabKit
import OrderDomain

/// The broker frozen (SIGSTOP) while orders are queued: `POST /order`
/// answers 503 within the order service's deadline instead of waiting, and
/// once the broker is thawed every order accepted before the pause completes
/// and new orders are accepted again.
public struct BrokerPausedScenario<Lab: BrokeredOrderLab>: Scenario {
    public let name = "broker-paused"
    public let title = "broker frozen: POST /order is 503 within its deadline; accepted orders complete after the thaw"
    public var orders = 10
    public var pause: Duration = .seconds(2)

    public init() {}

    public func run(in lab: Lab, progress: ProgressLog) async throws -> ScenarioResult {
        var result = ScenarioResult(name: name, title: title)
        guard lab.broker.isOwned else {
            result.check("the lab owns the broker", false, "it did not start it, so it may not freeze it")
            return result
        }
        try await lab.awaitQuiet()
        let completedBefore = try await lab.completedOrders()
        let pizzaBefore = try await lab.stock()["pizza"] ?? 0
        // A slow inventory leaves orders in the broker when it freezes.
        try await lab.setInventoryFaults(.delay(milliseconds: 100))
        progress.say("\(orders) orders accepted, then the broker frozen with them in flight")
        var answers: [HTTPExchange] = []
        for index in 0..<orders {
            answers.append(await lab.placeOrder(user: "pause-\(index)", item: "pizza", quantity: 1))
        }
        let accepted = answers.filter { $0.status == 202 }.count
        result.check("orders before the freeze accepted", accepted == orders, "\(accepted) of \(orders) got 202")

        try await lab.broker.pause()
        let limit = lab.acceptDeadline + .seconds(10)
        let whilePaused = await lab.client.send(
            .POST, lab.orderURL + "/order", body: OrderBody.short(user: "during-pause", item: "pizza", quantity: 1),
            timeout: limit)
        try? await Task.sleep(for: pause)
        try lab.broker.resume()
        try await lab.setInventoryFaults(.none)
        progress.say("broker thawed; waiting for the accepted orders to complete")

        result.check(
            "503 while frozen, before the client gave up",
            whilePaused.status == 503 && whilePaused.bodyText.contains("broker_unavailable"),
            "\(whilePaused.outcome) after \(Format.decimal(whilePaused.latency.seconds)) s (deadline "
                + "\(Format.decimal(lab.acceptDeadline.seconds)) s, client limit \(Format.decimal(limit.seconds)) s)")
        result.figure("answer time while frozen", whilePaused.latency.seconds, unit: "s")

        let drained = try await lab.wait(upTo: .seconds(60)) {
            try await lab.completedOrders() - completedBefore >= accepted
        }
        let completed = try await lab.completedOrders() - completedBefore
        result.check(
            "every order accepted before the freeze completed", drained,
            "\(completed) completed for \(accepted) accepted"
                + (completed > accepted
                    ? " (+ the one refused while frozen: the broker had taken it; the 503 says so)" : ""))

        let after = await lab.placeOrder(user: "after-pause", item: "pizza", quantity: 1)
        let recovered = try await lab.wait(upTo: .seconds(30)) {
            try await lab.completedOrders() - completedBefore >= accepted + 1
        }
        result.check(
            "accepted and completed again after the thaw", after.status == 202 && recovered,
            "\(after.outcome), completed \(try await lab.completedOrders() - completedBefore)")
        let (taken, completedNow) = try await lab.awaitStockMatchesCompletions(
            item: "pizza", stockBefore: pizzaBefore, completedBefore: completedBefore)
        result.check(
            "stock decrease = completed orders", taken == completedNow, "pizza -\(taken), completed \(completedNow)")
        return result
    }
}
