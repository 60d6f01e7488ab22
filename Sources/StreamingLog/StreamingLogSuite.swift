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
        let http = HTTPClientFactory.lab()
        let lab: StreamingLogLab
        do {
            lab = try await StreamingLogLab.start(
                .init(
                    executable: executable, workDirectory: workDirectory, stock: StreamingLogScenarios.stock,
                    partitions: partitions, kafkaBrokers: kafkaBrokers),
                http: http, progress: progress)
        } catch {
            try? await http.shutdown()
            throw error
        }
        progress.say("service logs: \(workDirectory)/*.log")
        let runner = ScenarioRunner<StreamingLogLab>(
            part: Self.part, evidence: EvidenceWriter(root: root, part: Self.part), command: command, progress: progress
        )
        let results = await runner.run(scenarios, in: lab, partial: !only.isEmpty)
        await lab.stop()
        try await http.shutdown()
        return results.allSatisfy(\.passed)
    }
}
