import LabKit
import OrderDomain

/// Services written from the seeds interoperate with a log model's, both
/// ways: seed 003's `OrderPlaced` example, written verbatim into the log by
/// the broker's own command-line tool, is reserved and counted (not
/// dead-lettered); and the `OrderPlaced` the model's producer appends, read
/// back, has every field a seed consumer reads.
public struct LogSeedFormatScenario<Lab: LogLab & DeadLetterReading>: Scenario {
    public let name = "seed-format"
    public let title = "the seeds' OrderPlaced is processed; commlab's carries every field the seeds read"
    /// The command-line tool that writes the seed's example (`kcat`, `amqp-publish`) and where it comes from.
    private let tool: String
    private let package: String
    /// Writes `body` into the log with the tool at the given path; nil when it succeeded, else what it said.
    private let write: @Sendable (Lab, _ tool: String, _ body: String) async throws -> String?
    /// Places one order through the producer and reads its `OrderPlaced` back from the log, as bytes.
    private let readBack: @Sendable (Lab, _ tool: String) async throws -> [UInt8]

    public init(
        tool: String, package: String,
        write: @escaping @Sendable (Lab, _ tool: String, _ body: String) async throws -> String?,
        readBack: @escaping @Sendable (Lab, _ tool: String) async throws -> [UInt8]
    ) {
        self.tool = tool
        self.package = package
        self.write = write
        self.readBack = readBack
    }

    public func run(in lab: Lab, progress: ProgressLog) async throws -> ScenarioResult {
        var result = ScenarioResult(name: name, title: title)
        guard let toolPath = ExternalCommand.find(tool) else {
            result.check("\(tool) installed", false, "install Debian's \(package) (scripts/install-deps.sh does)")
            return result
        }
        // Earlier scenarios' stragglers must not be taken for this event's effects.
        try await lab.awaitQuiet()
        let burgerBefore = try await lab.stock()["burger"] ?? 0
        let inventoryBefore = try await lab.inventoryStats()
        let ordersBefore = try await lab.metrics().totalOrders
        let deadBefore = try await lab.deadLetters()

        progress.say("\(tool): seed 003's example, verbatim, into the log")
        let refusal = try await write(lab, toolPath, SeedEventFormat.orderPlacedExample)
        result.check("\(tool) wrote it", refusal == nil, refusal ?? "exit 0")
        // Done when its 2 burgers are gone and analytics has counted it.
        let processed = try await lab.wait(upTo: .seconds(20)) {
            let taken = burgerBefore - (try await lab.stock()["burger"] ?? 0) >= 2
            let counted = try await lab.metrics().totalOrders > ordersBefore
            return taken && counted
        }
        let inventory = try await lab.inventoryStats()
        let burgerAfter = try await lab.stock()["burger"] ?? 0
        let dead = try await lab.deadLetters() - deadBefore
        let counted = try await lab.metrics().totalOrders - ordersBefore
        result.check(
            "reserved and counted, not dead-lettered", processed && dead == 0,
            "reserved +\(inventory.reserved - inventoryBefore.reserved), analytics orders +\(counted), "
                + "dead-lettered +\(dead)")
        result.check(
            "2 burgers taken", burgerBefore - burgerAfter == 2, "burger stock fell by \(burgerBefore - burgerAfter)")

        progress.say("reading commlab's own OrderPlaced back with a reader that knows only the seed's fields")
        let body = try await readBack(lab, toolPath)
        let problems = SeedEventFormat.problems(readingOrderPlaced: body)
        let text = String(decoding: body, as: UTF8.self)
        result.check(
            "a seed consumer can read commlab's OrderPlaced", !body.isEmpty && problems.isEmpty,
            problems.isEmpty ? text : problems.joined(separator: "; ") + " in: \(text)")
        return result
    }
}
