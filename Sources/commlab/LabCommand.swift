import ArgumentParser
import LabKit
import SyncREST

struct LabCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lab",
        abstract: "The lab's main job: every part's scenarios, evidence written under --root.",
        discussion: "Parts so far: sync-rest. Exits non-zero when any scenario fails.")

    @OptionGroup var run: LabRunOptions

    @Option(help: "Orders in part A's large baseline run.")
    var orders = 1_000

    func run() async throws {
        ChildProcessRegistry.stopChildrenOnInterrupt()
        let syncREST = SyncRESTSuite(
            executable: SelfExecutable.path, root: run.root, workDirectory: run.workDirectory(for: SyncRESTSuite.part),
            orders: orders, only: [])
        let passed = try await syncREST.run(command: LabRunOptions.commandLine)
        guard passed else { throw ExitCode.failure }
    }
}
