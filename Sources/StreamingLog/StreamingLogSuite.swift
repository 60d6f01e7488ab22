import AsyncHTTPClient
import Foundation
import LabKit

/// Runs part C end to end: a broker (the embedded one unless `KAFKA_BROKERS`
/// is set), the topics, the three services as processes, the scenarios, the
/// evidence; then stops what it started.
public struct StreamingLogSuite: Sendable {
    public var executable: String
    public var root: String
    public var workDirectory: String
    public var bulkEvents: Int
    public var partitions: Int
    public var only: [String]
    public var kafkaBrokers: String?

    public init(
        executable: String, root: String, workDirectory: String, bulkEvents: Int, partitions: Int, only: [String],
        kafkaBrokers: String?
    ) {
        self.executable = executable
        self.root = root
        self.workDirectory = workDirectory
        self.bulkEvents = bulkEvents
        self.partitions = partitions
        self.only = only
        self.kafkaBrokers = kafkaBrokers
    }

    public static let part = "streaming-log"

    public func run(command: String, progress: ProgressLog = ProgressLog()) async throws -> Bool {
        let scenarios = StreamingLogScenarios.all(bulkEvents: bulkEvents).filter {
            only.isEmpty || only.contains($0.name)
        }
        guard !scenarios.isEmpty else {
            throw SuiteError.noScenario(only, available: StreamingLogScenarios.all(bulkEvents: 1).map(\.name))
        }
        try? FileManager.default.removeItem(atPath: workDirectory)
        let options = StreamingLogLab.Options(
            executable: executable, workDirectory: workDirectory, stock: StreamingLogScenarios.stock,
            partitions: partitions, kafkaBrokers: kafkaBrokers)
        let runner = ScenarioRunner<StreamingLogLab>(
            part: Self.part, evidence: EvidenceWriter(root: root, part: Self.part), command: command, progress: progress
        )
        let results = try await withLab(start: {
            try await StreamingLogLab.start(options, http: $0, progress: progress)
        }) { lab in
            progress.say("service logs: \(workDirectory)/*.log")
            return await runner.run(scenarios, in: lab, partial: !only.isEmpty)
        }
        return results.allSatisfy(\.passed)
    }
}
