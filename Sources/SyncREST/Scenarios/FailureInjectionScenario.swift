import LabKit
import OrderDomain

/// InventoryService answering 500 breaks every order (422), a 50 % error rate
/// breaks about half, and clearing the fault restores the flow.
public struct FailureInjectionScenario: Scenario {
    public let name = "failure-injection"
    public let title =
        "InventoryService returns 500 → OrderService answers 422; recovery after clearing; notification 500 → 502, stock released"

    public init() {}

    public func run(in lab: SyncRESTLab, progress: ProgressLog) async throws -> ScenarioResult {
        var result = ScenarioResult(name: name, title: title)
        let stockBefore = try await lab.stock()
        func orders(_ count: Int) async -> LoadReport {
            await ClosedLoopLoad(concurrency: 1, total: count).run { _ in await lab.placeOrder() }.0
        }

        try await lab.setInventoryFaults(.error(status: 500))
        progress.say("inventory answers 500 to every request: 20 orders")
        let broken = await orders(20)
        result.check("every order → 422", broken.count(of: "422") == 20, "outcomes \(broken.outcomes)")
        let sample = await lab.placeOrder()
        let code = sample.decode(ErrorBody.self)?.error.code ?? "none"
        result.check(
            "422 body names the inventory failure", code == "inventory_failed",
            "error code '\(code)': \(sample.bodyText.prefix(160))")

        try await lab.setInventoryFaults(.error(status: 500, rate: 0.5))
        progress.say("inventory answers 500 to half the requests: 40 orders")
        let half = await orders(40)
        result.check(
            "half-broken inventory → only 201s and 422s",
            half.count(of: "201") + half.count(of: "422") == 40 && half.count(of: "422") > 0
                && half.count(of: "201") > 0,
            "outcomes \(half.outcomes)")

        try await lab.setInventoryFaults(.none)
        progress.say("fault cleared: 20 orders")
        let recovered = await orders(20)
        result.check(
            "every order → 201 after clearing", recovered.count(of: "201") == 20, "outcomes \(recovered.outcomes)")

        let created = half.count(of: "201") + recovered.count(of: "201")
        let stockAfter = try await lab.stock()
        let decrease = (stockBefore["pizza"] ?? 0) - (stockAfter["pizza"] ?? 0)
        result.check(
            "failed orders took no stock", decrease == created, "pizza fell by \(decrease); \(created) orders created")
        result.figure("error-rate 50 %: orders failed", Double(half.count(of: "422")), unit: "of 40")

        // The reservation succeeds, then the notification fails: OrderService
        // must give the stock back, or stock and confirmed orders drift apart.
        try await lab.setNotificationFaults(.error(status: 500))
        progress.say("notification answers 500: 5 orders")
        let unnotified = await orders(5)
        try await lab.setNotificationFaults(.none)
        result.check(
            "notification failure → 502", unnotified.count(of: "502") == 5, "outcomes \(unnotified.outcomes)")
        let settled = try await lab.awaitStock { $0 == stockAfter }
        result.check(
            "reservations of unnotified orders released", settled == stockAfter,
            "pizza \(stockAfter["pizza"] ?? -1) → \(settled["pizza"] ?? -1)")

        let bars: [Chart.Bar] = [
            .init("500 always: 422", Double(broken.count(of: "422")), color: .red),
            .init("500 always: 201", Double(broken.count(of: "201")), color: .green),
            .init("500 half: 422", Double(half.count(of: "422")), color: .red),
            .init("500 half: 201", Double(half.count(of: "201")), color: .green),
            .init("cleared: 422", Double(recovered.count(of: "422")), color: .red),
            .init("cleared: 201", Double(recovered.count(of: "201")), color: .green),
            .init("notify 500: 502", Double(unnotified.count(of: "502")), color: .orange),
        ]
        result.charts.append(
            Chart(
                fileName: "failure-injection", title: "Part A: InventoryService failures become 422s at OrderService",
                measured: "status codes answered by POST /order per phase",
                xLabel: "phase: status", yLabel: "orders", content: .bars(bars)))
        return result
    }
}
