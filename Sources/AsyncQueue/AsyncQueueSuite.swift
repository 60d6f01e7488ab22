import AsyncHTTPClient
import Foundation
import LabKit

/// Runs part B end to end: a broker (private node unless `AMQP_URL` is set),
/// the three services as processes, the scenarios, the evidence; then stops
/// what it started.
public struct AsyncQueueSuite: Sendable {
    public var executable: String
    public var root: String
    public var workDirectory: String
    public var throughputOrders: Int
    public var only: [String]
    public var amqpURL: String?

    public init(
        executable: String, root: String, workDirectory: String, throughputOrders: Int, only: [String], amqpURL: String?
    ) {
        self.executable = executable
        self.root = root
        self.workDirectory = workDirectory
        self.throughputOrders = throughputOrders
        self.only = only
        self.amqpURL = amqpURL
    }

    public static let part = "async-queue"

    public static func scenarioNames() -> [String] { AsyncQueueScenarios.all(throughputOrders: 1).map(\.name) }

    public func run(command: String, progress: ProgressLog = ProgressLog()) async throws -> Bool {
        let scenarios = AsyncQueueScenarios.all(throughputOrders: throughputOrders).filter {
            only.isEmpty || only.contains($0.name)
        }
        guard !scenarios.isEmpty else {
            throw SuiteError.noScenario(only, available: Self.scenarioNames())
        }
        try? FileManager.default.removeItem(atPath: workDirectory)
        let options = AsyncQueueLab.Options(
            executable: executable, workDirectory: workDirectory, stock: AsyncQueueScenarios.stock, amqpURL: amqpURL)
        let runner = ScenarioRunner<AsyncQueueLab>(
            part: Self.part, evidence: EvidenceWriter(root: root, part: Self.part), command: command, progress: progress
        )
        let results = try await withLab(start: { try await AsyncQueueLab.start(options, http: $0, progress: progress) })
        { lab in
            progress.say("service logs: \(workDirectory)/*.log")
            return await runner.run(scenarios, in: lab, partial: !only.isEmpty)
        }
        return results.allSatisfy(\.passed)
    }
}
