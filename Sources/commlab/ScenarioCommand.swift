import ArgumentParser
import LabKit

struct ScenarioCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scenario",
        abstract: "Run one part's scenarios against real processes and brokers and write the evidence.",
        discussion: """
            commlab scenario PART [--only NAME …] [part options]

            \(PartCatalog.listing)

            Part options:
            \(PartCatalog.scenarioOptions)

            Part B starts a private RabbitMQ node unless AMQP_URL names a broker; part C starts the
            embedded Kafka-protocol broker unless KAFKA_BROKERS names a cluster. Exits non-zero when
            any scenario fails. Ctrl-C stops every service and broker the run started.
            """)

    @Argument(help: "The part: \(PartCatalog.names).")
    var part: String

    @OptionGroup var run: LabRunOptions

    @Option(parsing: .upToNextOption, help: "Run only these scenarios (by name).")
    var only: [String] = []

    @Argument(parsing: .allUnrecognized, help: "The part's own options.")
    var options: [String] = []

    func validate() throws { _ = try PartCatalog.named(part) }

    func run() async throws {
        ChildProcessRegistry.stopChildrenOnInterrupt()
        let part = try PartCatalog.named(part)
        let partRun = PartRun(
            executable: SelfExecutable.path, root: run.root, workDirectory: run.workDirectory(for: part.name),
            only: only, command: LabRunOptions.commandLine)
        guard try await part.runScenarios(partRun, arguments: options) else { throw ExitCode.failure }
    }
}
