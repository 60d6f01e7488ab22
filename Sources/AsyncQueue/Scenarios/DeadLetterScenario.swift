import LabKit
import OrderDomain

/// Poison messages are rejected into the DLQ and do not block the orders
/// behind them.
public struct DeadLetterScenario: Scenario {
    public let name = "dlq"
    public let title = "malformed messages → DLQ; orders published after them are processed"

    public init() {}

    static let poison: [(String, String)] = [
        ("not JSON", "{this is not json"),
        ("wrong schema", #"{"event_type":"OrderPlaced","hello":"world"}"#),
        (
            "negative quantity",
            #"{"event_type":"OrderPlaced","message_id":"neg-1","order_id":"o-neg","user_id":"u","items":[{"item_id":"pizza","quantity":-5,"price":1}],"total_amount":-5,"status":"placed","timestamp":"2026-01-01T00:00:00Z"}"#
        ),
    ]

    public func run(in lab: AsyncQueueLab, progress: ProgressLog) async throws -> ScenarioResult {
        var result = ScenarioResult(name: name, title: title)
        let dlqBefore = try await lab.depth(AsyncQueueTopology.deadLetterQueue)
        let deadLetteredBefore = try await lab.inventoryStats().deadLettered
        let notifiedBefore = try await lab.notificationCount()
        progress.say("publishing \(Self.poison.count) poison messages, then 5 orders")
        for (_, body) in Self.poison { try await lab.publishRaw(body) }
        let (orders, _) = await ClosedLoopLoad(concurrency: 1, total: 5).run { _ in await lab.placeOrder() }
        result.check("orders after the poison accepted", orders.count(of: "202") == 5, "outcomes \(orders.outcomes)")
        let drained = try await lab.wait {
            let dead = try await lab.depth(AsyncQueueTopology.deadLetterQueue)
            let notified = try await lab.notificationCount()
            return dead >= dlqBefore + Self.poison.count && notified >= notifiedBefore + 5
        }
        let dlq = try await lab.depth(AsyncQueueTopology.deadLetterQueue) - dlqBefore
        let notified = try await lab.notificationCount() - notifiedBefore
        result.check("every poison message dead-lettered", dlq == Self.poison.count, "DLQ gained \(dlq)")
        result.check("later orders processed", notified == 5 && drained, "\(notified) of 5 notified")
        let inventoryQueue = try await lab.depth(AsyncQueueTopology.inventoryQueue)
        result.check("nothing stuck in the inventory queue", inventoryQueue == 0, "depth \(inventoryQueue)")
        // Ready depth alone misses a message the consumer holds and retries: the
        // consumer must have dead-lettered each poison message itself, once.
        let stats = try await lab.inventoryStats()
        result.check(
            "the consumer dead-lettered each poison message once",
            stats.deadLettered - deadLetteredBefore == Self.poison.count,
            "dead-lettered +\(stats.deadLettered - deadLetteredBefore), retried \(stats.retried)")
        result.figure("DLQ count", Double(dlq), unit: "messages")
        result.charts.append(
            Chart(
                fileName: "dlq", title: "Part B: poison messages go to the dead-letter queue",
                measured: "published: " + Self.poison.map(\.0).joined(separator: ", ") + "; then 5 valid orders",
                xLabel: "", yLabel: "messages",
                content: .bars([
                    .init("poison published", Double(Self.poison.count), color: .red),
                    .init("in orders.dlq", Double(dlq), color: .orange),
                    .init("dead-lettered (inventory count)", Double(stats.deadLettered), color: .orange),
                    .init("valid orders notified", Double(notified), color: .green),
                ])))
        return result
    }
}
