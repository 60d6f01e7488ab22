import Brokers
import Faults
import LabKit
import Messaging
import OrderDomain

/// A second inventory instance added while the lab runs, the orders shared
/// between the two (B: competing consumers on the queue; C: members of one
/// group), then the added one SIGKILLed mid-stream: what it held goes back to
/// the first (B redelivers its unacked messages; C's group gives its
/// partitions back from the last committed offsets). Nothing lost, nothing
/// reserved twice, stock decrease = completed orders.
public struct TwoConsumersScenario<Lab: BrokeredOrderLab & BrokeredLab>: Scenario {
    public let name = "two-consumers"
    public let title = "two inventory consumers share the orders, one is killed: nothing lost, nothing reserved twice"
    public var orders = 400
    /// Each message's cost, so one consumer alone would need `orders` × this: the second has work to take.
    public var costMilliseconds = 10

    public init() {}

    public func run(in lab: Lab, progress: ProgressLog) async throws -> ScenarioResult {
        var result = ScenarioResult(name: name, title: title)
        try await lab.awaitQuiet()
        let instances = lab.inventoryInstances
        let completedBefore = try await lab.completedOrders()
        let stockBefore = try await lab.stock()["pizza"] ?? 0
        let added = try await instances.add(http: lab.client.http)
        let addedURL = try await added.baseURL
        let firstURL = try await lab.inventory.baseURL
        let firstBefore = try await stats(at: firstURL, lab)
        let cost = FaultPlan.delay(milliseconds: costMilliseconds)
        for url in [firstURL, addedURL] { try await lab.client.setFaults(cost, at: url) }
        progress.say(
            "\(await instances.count) inventory instances; \(orders) orders at \(costMilliseconds) ms each, "
                + "the added one SIGKILLed a third of the way through")

        var answers: [HTTPExchange] = []
        for index in 0..<orders {
            answers.append(await lab.placeOrder(user: "pair-\(index % 20)", item: "pizza", quantity: 1))
        }
        let accepted = answers.filter { $0.status == 202 }.count
        // The kill waits for a third of the orders and for the added instance to have had some: a log's
        // group hands a new member its partitions at the next rebalance, which can take longer than the
        // first member needs for a third (a run saw the kill come with the added one still waiting).
        _ = try await lab.wait(upTo: .seconds(60), every: .milliseconds(20)) {
            guard try await lab.completedOrders() - completedBefore >= accepted / 3 else { return false }
            return try await stats(at: addedURL, lab).received > 0
        }
        let addedAtKill = try await stats(at: addedURL, lab)
        let firstAtKill = try await stats(at: firstURL, lab)
        try await instances.removeNewest(.killed)
        let atKill = try await lab.completedOrders() - completedBefore

        let drained = try await lab.wait(upTo: .seconds(90)) {
            try await lab.completedOrders() - completedBefore >= accepted
        }
        let (taken, completed) = try await lab.awaitStockMatchesCompletions(
            item: "pizza", stockBefore: stockBefore, completedBefore: completedBefore)
        try await lab.client.setFaults(.none, at: firstURL)
        let firstAfter = try await stats(at: firstURL, lab)

        result.check("orders accepted", accepted == orders, "\(accepted) of \(orders) got 202")
        result.check(
            "both consumers had work", addedAtKill.received > 0 && firstAtKill.received > firstBefore.received,
            "by the kill: first received \(firstAtKill.received - firstBefore.received), "
                + "added received \(addedAtKill.received)")
        result.check(
            "killed mid-stream", atKill > 0 && atKill < accepted, "\(atKill) of \(accepted) completed at the kill")
        result.check("every accepted order completed", drained && completed == accepted, "\(completed) of \(accepted)")
        result.check(
            "nothing reserved twice", taken == accepted, "pizza stock fell by \(taken) for \(accepted) orders")
        result.check(
            "stock decrease = completed orders", taken == completed, "pizza -\(taken), completed \(completed)")
        result.figure("orders the added consumer received before its kill", Double(addedAtKill.received), unit: "")
        result.figure(
            "redeliveries the first consumer recognised", Double(firstAfter.replayed - firstBefore.replayed),
            unit: "messages")
        return result
    }

    private func stats(at url: String, _ lab: Lab) async throws -> ConsumerStats.Snapshot {
        try await lab.client.getJSON(url + "/stats")
    }
}
