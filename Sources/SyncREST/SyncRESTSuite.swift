import AsyncHTTPClient
import Foundation
import LabKit

/// Runs part A end to end: starts the three services as processes, runs the
/// scenarios, writes the evidence, stops the services.
public struct SyncRESTSuite: Sendable {
    public var executable: String
    public var root: String
    public var workDirectory: String
    public var orders: Int
    /// Scenario names to run; empty runs all.
    public var only: [String]

    public init(executable: String, root: String, workDirectory: String, orders: Int, only: [String]) {
        self.executable = executable
        self.root = root
        self.workDirectory = workDirectory
        self.orders = orders
        self.only = only
    }

    public static let part = "sync-rest"

    /// Returns true when every scenario passed.
    public func run(command: String, progress: ProgressLog = ProgressLog()) async throws -> Bool {
        let scenarios = SyncRESTScenarios.all(orders: orders).filter { only.isEmpty || only.contains($0.name) }
        guard !scenarios.isEmpty else {
            throw SuiteError.noScenario(only, available: SyncRESTScenarios.all(orders: orders).map(\.name))
        }
        try? FileManager.default.removeItem(atPath: workDirectory)
        let options = SyncRESTLab.Options(
            executable: executable, workDirectory: workDirectory, stock: SyncRESTScenarios.stock,
            downstreamTimeout: .seconds(3))
        let runner = ScenarioRunner<SyncRESTLab>(
            part: Self.part, evidence: EvidenceWriter(root: root, part: Self.part), command: command,
            progress: progress)
        let results = try await withLab(start: { try await SyncRESTLab.start(options, http: $0, progress: progress) }) {
            lab in
            progress.say("service logs: \(workDirectory)/*.log")
            return await runner.run(scenarios, in: lab, partial: !only.isEmpty)
        }
        return results.allSatisfy(\.passed)
    }
}
