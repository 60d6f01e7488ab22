import LabKit
import OrderDomain

/// 16 concurrent clients order a mix that includes a sell-out, an unknown item
/// and invalid requests: stock falls by exactly the 201s, never below zero,
/// and every 201 has its notification.
public struct ConsistencyScenario: Scenario {
    public let name = "consistency"
    public let title = "stock decrease = 201s under concurrency, with a sell-out and refused orders"

    public init() {}

    public func run(in lab: SyncRESTLab, progress: ProgressLog) async throws -> ScenarioResult {
        var result = ScenarioResult(name: name, title: title)
        let before = try await lab.stock()
        let notifiedBefore = try await lab.notificationCount()
        let saladStock = before["salad"] ?? 0
        let saladOrders = saladStock + 50
        // Every fifth request is pizza, salad otherwise, plus some that must fail.
        let plan: [(item: String, quantity: Int)] =
            (0..<saladOrders).map { _ in ("salad", 1) } + (0..<200).map { _ in ("pizza", 1) }
            + (0..<10).map { _ in ("sushi", 1) } + (0..<10).map { _ in ("pizza", 0) }
        let shuffled = plan.shuffled()
        progress.say("\(shuffled.count) orders from 16 concurrent clients (salad stock \(saladStock))")

        let outcomes = await withTaskGroup(of: String.self) { group in
            let stride = 16
            for worker in 0..<stride {
                group.addTask {
                    var local: [(String, String)] = []
                    for index in Swift.stride(from: worker, to: shuffled.count, by: stride) {
                        let order = shuffled[index]
                        let exchange = await lab.placeOrder(
                            user: "user-\(worker)", item: order.item, quantity: order.quantity)
                        local.append(("\(order.item)×\(order.quantity)", exchange.outcome))
                    }
                    return local.map { "\($0.0) \($0.1)" }.joined(separator: "\n")
                }
            }
            var all: [(String, String)] = []
            for await chunk in group where !chunk.isEmpty {
                for line in chunk.split(separator: "\n") {
                    let parts = line.split(separator: " ", maxSplits: 1)
                    all.append((String(parts[0]), String(parts[1])))
                }
            }
            return all
        }
        func count(_ kind: String, _ outcome: String) -> Int {
            outcomes.filter { $0.0 == kind && $0.1 == outcome }.count
        }
        let after = try await lab.stock()
        let salad201 = count("salad×1", "201")
        let pizza201 = count("pizza×1", "201")
        let created = outcomes.filter { $0.1 == "201" }.count

        result.check(
            "salad sells out exactly", salad201 == saladStock && count("salad×1", "422") == 50,
            "\(salad201) salads created, \(count("salad×1", "422")) refused, stock was \(saladStock)")
        result.check("salad stock ends at 0, never below", after["salad"] == 0, "salad stock \(after["salad"] ?? -1)")
        result.check(
            "unknown item → 422", count("sushi×1", "422") == 10, "sushi outcomes: \(count("sushi×1", "422")) × 422")
        result.check(
            "quantity 0 → 400", count("pizza×0", "400") == 10, "quantity-0 outcomes: \(count("pizza×0", "400")) × 400")
        let decrease = before.total - after.total
        result.check(
            "stock decrease = 201s", decrease == created, "stock fell by \(decrease); \(created) orders created")
        let pizzaDecrease = (before["pizza"] ?? 0) - (after["pizza"] ?? 0)
        result.check("pizza decrease = pizza 201s", pizzaDecrease == pizza201, "\(pizzaDecrease) vs \(pizza201)")
        let notified = try await lab.notificationCount() - notifiedBefore
        result.check("notifications = 201s", notified == created, "\(notified) notifications, \(created) created")

        var byOutcome: [String: Int] = [:]
        for (_, outcome) in outcomes { byOutcome[outcome, default: 0] += 1 }
        result.tables.append(
            .init(
                title: "outcomes by request kind", header: ["request", "201", "400", "422", "other"],
                rows: ["salad×1", "pizza×1", "sushi×1", "pizza×0"].map { kind in
                    let mine = outcomes.filter { $0.0 == kind }
                    let other = mine.filter { !["201", "400", "422"].contains($0.1) }.count
                    return [
                        kind, String(count(kind, "201")), String(count(kind, "400")), String(count(kind, "422")),
                        String(other),
                    ]
                }))
        result.figure("orders created", Double(created), unit: "orders")
        result.figure("stock decrease", Double(decrease), unit: "units")
        return result
    }
}
