import AMQP
import Foundation
import LabKit
import OrderDomain
import OrderWorkload
import RabbitMQEngine

/// Services written from the seeds interoperate with commlab's, both ways:
/// seed 003's `OrderPlaced` example, published verbatim with Debian's
/// `amqp-publish`, is reserved (not dead-lettered); and the `OrderPlaced`
/// commlab's order service publishes has every field a seed consumer reads.
public struct SeedFormatScenario: Scenario {
    public let name = "seed-format"
    public let title = "the seeds' OrderPlaced is processed; commlab's carries every field the seeds read"

    public init() {}

    static let readerQueue = "seed-reader"

    public func run(in lab: AsyncQueueLab, progress: ProgressLog) async throws -> ScenarioResult {
        var result = ScenarioResult(name: name, title: title)
        guard let publisher = ExternalCommand.find("amqp-publish") else {
            result.check("amqp-publish installed", false, "install Debian's amqp-tools (scripts/install-deps.sh does)")
            return result
        }
        // Earlier scenarios' stragglers must not be taken for this event's effects.
        try await lab.awaitQuiet()
        let burgerBefore = try await lab.stock()["burger"] ?? 0
        let statsBefore = try await lab.inventoryStats()
        let notifiedBefore = try await lab.notificationCount()
        let deadBefore = try await lab.depth(AsyncQueueTopology.deadLetterQueue)

        progress.say("amqp-publish: seed 003's example, verbatim, to \(AsyncQueueTopology.ordersExchange)")
        let published = try await ExternalCommand.run(
            publisher,
            AMQPToolArguments.connection(lab.endpoint) + [
                "-e", AsyncQueueTopology.ordersExchange, "-r", AsyncQueueTopology.orderPlacedKey, "-p", "-C",
                "application/json", "-b", SeedEventFormat.orderPlacedExample,
            ])
        result.check(
            "amqp-publish sent it", published.succeeded, published.output.isEmpty ? "exit 0" : published.output)
        // Done when its 2 burgers are gone and its customer is notified.
        let processed = try await lab.wait(upTo: .seconds(20)) {
            let taken = burgerBefore - (try await lab.stock()["burger"] ?? 0) >= 2
            let notified = try await lab.notificationCount() > notifiedBefore
            return taken && notified
        }
        let stats = try await lab.inventoryStats()
        let burgerAfter = try await lab.stock()["burger"] ?? 0
        let dead = try await lab.depth(AsyncQueueTopology.deadLetterQueue) - deadBefore
        result.check(
            "reserved, not dead-lettered", stats.reserved == statsBefore.reserved + 1 && dead == 0,
            "reserved +\(stats.reserved - statsBefore.reserved), dead-lettered +\(dead)")
        result.check(
            "2 burgers taken", burgerBefore - burgerAfter == 2, "burger stock fell by \(burgerBefore - burgerAfter)")
        result.check("its customer notified", processed, processed ? "notification recorded" : "none within 20 s")

        progress.say("reading commlab's own OrderPlaced with a reader that knows only the seed's fields")
        let reader = try await AMQPConnection.connect(to: lab.endpoint)
        try await reader.declareQueue(AMQPQueueDeclaration(name: Self.readerQueue, durable: false))
        try await reader.bindQueue(
            Self.readerQueue, to: AsyncQueueTopology.ordersExchange, routingKey: AsyncQueueTopology.orderPlacedKey)
        let answer = await lab.placeOrder(user: "seed-reader", item: "pizza", quantity: 1)
        let deliveries = try await reader.consume(queue: Self.readerQueue, prefetch: 1)
        var body: [UInt8] = []
        for try await delivery in deliveries {
            body = delivery.body
            try await reader.ack(delivery)
            break
        }
        try await reader.deleteQueue(Self.readerQueue)
        await reader.close()
        let problems = SeedEventFormat.problems(readingOrderPlaced: body)
        result.check("POST /order accepted", answer.status == 202, "status \(answer.status.map(String.init) ?? "none")")
        result.check(
            "a seed consumer can read commlab's OrderPlaced", problems.isEmpty,
            problems.isEmpty ? String(decoding: body, as: UTF8.self) : problems.joined(separator: "; "))
        return result
    }
}
