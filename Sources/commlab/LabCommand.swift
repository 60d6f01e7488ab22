import ArgumentParser
import LabKit

struct LabCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lab",
        abstract: "The lab's main job: every part's scenarios, evidence written under --root.",
        discussion: """
            Runs each part's scenarios in turn, with the part's default sizes: \(PartCatalog.names).
            Part B gets a private RabbitMQ node unless AMQP_URL is set; part C the embedded Kafka
            broker unless KAFKA_BROKERS is set. Every part runs even when an earlier one fails;
            exits non-zero when any scenario failed. `commlab scenario PART` runs one part with
            other sizes.
            """)

    @OptionGroup var run: LabRunOptions

    func run() async throws {
        ChildProcessRegistry.stopChildrenOnInterrupt()
        var passed = true
        for part in PartCatalog.all {
            let partRun = PartRun(
                executable: SelfExecutable.path, root: run.root, workDirectory: run.workDirectory(for: part.name),
                command: LabRunOptions.commandLine)
            do {
                passed = try await part.runScenarios(partRun, arguments: []) && passed
            } catch {
                print("\(part.name): could not run: \(error)")
                passed = false
            }
        }
        guard passed else { throw ExitCode.failure }
    }
}
