import Faults
import LabKit
import OrderDomain

/// SIGTERM to the inventory service while its broker is frozen: the service
/// stops by itself within its stated bound (it finishes what it can, says
/// what it could not settle, and exits) instead of hanging until killed; and
/// once the broker is thawed and the service started again, every order
/// accepted before completes.
public struct ShutdownBrokerUnreachableScenario<Lab: BrokeredOrderLab>: Scenario {
    public let name = "shutdown-broker-unreachable"
    public let title = "SIGTERM with the broker frozen: the consumer exits within its bound; nothing accepted is lost"
    public var orders = 10

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
        try await lab.setInventoryFaults(.delay(milliseconds: 200))
        var answers: [HTTPExchange] = []
        for index in 0..<orders {
            answers.append(await lab.placeOrder(user: "shutdown-\(index)", item: "pizza", quantity: 1))
        }
        let accepted = answers.filter { $0.status == 202 }.count
        result.check("orders accepted", accepted == orders, "\(accepted) of \(orders) got 202")

        let bound = LabServiceRunner.gracefulShutdownLimit + LabServiceRunner.cancellationLimit
        progress.say("broker frozen; SIGTERM to inventory (stated bound \(Format.decimal(bound.seconds)) s)")
        try await lab.broker.pause()
        let stopped = try await lab.inventory.stop(grace: bound + .seconds(10))
        try lab.broker.resume()
        switch stopped {
        case .exited(let after):
            result.check(
                "exited by itself within the bound", after <= bound + .seconds(2),
                "\(Format.decimal(after.seconds)) s after SIGTERM (bound \(Format.decimal(bound.seconds)) s)")
            result.figure("exit time with the broker frozen", after.seconds, unit: "s")
        case .killed:
            result.check("exited by itself within the bound", false, "still running after the grace; killed")
        case .notRunning:
            result.check("exited by itself within the bound", false, "it was not running")
        }

        progress.say("broker thawed; inventory started again")
        try await lab.inventory.start(http: lab.client.http)
        let drained = try await lab.wait(upTo: .seconds(60)) {
            try await lab.completedOrders() - completedBefore >= accepted
        }
        let completed = try await lab.completedOrders() - completedBefore
        result.check(
            "every accepted order completed after the restart", drained, "\(completed) of \(accepted)")
        let (taken, completedNow) = try await lab.awaitStockMatchesCompletions(
            item: "pizza", stockBefore: pizzaBefore, completedBefore: completedBefore)
        result.check(
            "stock decrease = completed orders", taken == completedNow, "pizza -\(taken), completed \(completedNow)")
        return result
    }
}
