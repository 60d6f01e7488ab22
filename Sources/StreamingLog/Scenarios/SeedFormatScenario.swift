import Foundation
import LabKit
import OrderDomain
import OrderWorkload

/// Services written from the seeds interoperate with commlab's, both ways:
/// seed 003's `OrderPlaced` example, produced verbatim with `kcat`, is
/// reserved and counted (not dead-lettered); and the `OrderPlaced` commlab's
/// producer appends, read back with `kcat`, has every field a seed consumer reads.
public struct SeedFormatScenario: Scenario {
    public let name = "seed-format"
    public let title = "the seeds' OrderPlaced is processed; commlab's carries every field the seeds read"

    public init() {}

    public func run(in lab: StreamingLogLab, progress: ProgressLog) async throws -> ScenarioResult {
        var result = ScenarioResult(name: name, title: title)
        guard let kcat = ExternalCommand.find("kcat") else {
            result.check("kcat installed", false, "install Debian's kcat (scripts/install-deps.sh does)")
            return result
        }
        // Earlier scenarios' stragglers must not be taken for this event's effects.
        try await lab.awaitQuiet()
        let burgerBefore = try await lab.stock()["burger"] ?? 0
        let inventoryBefore = try await lab.inventoryStats()
        let ordersBefore = try await lab.metrics().totalOrders
        let deadBefore = try await lab.deadLetterCount()

        progress.say("kcat: seed 003's example, verbatim, to \(StreamingTopology.orderEvents)")
        let file = "\(lab.workDirectory)/seed-order-placed.json"
        try SeedEventFormat.orderPlacedExample.write(toFile: file, atomically: true, encoding: .utf8)
        let produced = try await ExternalCommand.run(
            kcat, ["-P", "-b", lab.broker.address, "-t", StreamingTopology.orderEvents, "-k", "order_000001", file])
        result.check("kcat produced it", produced.succeeded, produced.output.isEmpty ? "exit 0" : produced.output)
        // Done when its 2 burgers are gone and analytics has counted it.
        let processed = try await lab.wait(upTo: .seconds(20)) {
            let taken = burgerBefore - (try await lab.stock()["burger"] ?? 0) >= 2
            let counted = try await lab.metrics().totalOrders > ordersBefore
            return taken && counted
        }
        let inventory = try await lab.inventoryStats()
        let burgerAfter = try await lab.stock()["burger"] ?? 0
        let dead = try await lab.deadLetterCount() - deadBefore
        let counted = try await lab.metrics().totalOrders - ordersBefore
        result.check(
            "reserved and counted, not dead-lettered", processed && dead == 0,
            "reserved +\(inventory.reserved - inventoryBefore.reserved), analytics orders +\(counted), "
                + "dead-lettered +\(dead)")
        result.check(
            "2 burgers taken", burgerBefore - burgerAfter == 2, "burger stock fell by \(burgerBefore - burgerAfter)")

        progress.say("reading commlab's own OrderPlaced back with kcat and a reader that knows only the seed's fields")
        let answer = await lab.placeOrder(user: "seed-reader", item: "pizza", quantity: 1)
        guard answer.status == 202, let accepted = answer.decode(OrderEntryService.Accepted.self),
            let partition = accepted.partition, let offset = accepted.offset
        else {
            result.check("POST /order accepted", false, "status \(answer.status.map(String.init) ?? "none")")
            return result
        }
        let read = try await ExternalCommand.run(
            kcat,
            [
                "-C", "-b", lab.broker.address, "-t", StreamingTopology.orderEvents, "-p", String(partition),
                "-o", String(offset), "-c", "1", "-e", "-q", "-f", "%s",
            ])
        let problems = SeedEventFormat.problems(readingOrderPlaced: Array(read.output.utf8))
        result.check(
            "a seed consumer can read commlab's OrderPlaced", read.succeeded && problems.isEmpty,
            problems.isEmpty ? read.output : problems.joined(separator: "; ") + " in: \(read.output)")
        return result
    }
}
