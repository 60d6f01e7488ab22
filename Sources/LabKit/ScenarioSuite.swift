import AsyncHTTPClient
import Foundation

/// A part's scenarios and how to bring up the lab they run in: starts the
/// lab, runs the chosen scenarios, writes the evidence, stops what it started.
public struct ScenarioSuite<Lab: RunningLab>: Sendable {
    public var part: String
    public var scenarios: [any Scenario<Lab>]
    public var start: @Sendable (_ http: HTTPClient, _ progress: ProgressLog) async throws -> Lab
    /// The report it writes (``EvidenceWriter/report``): `latest`, or a deployment's own.
    public var report: String

    public init(
        part: String, scenarios: [any Scenario<Lab>], report: String = "latest",
        start: @escaping @Sendable (_ http: HTTPClient, _ progress: ProgressLog) async throws -> Lab
    ) {
        self.part = part
        self.scenarios = scenarios
        self.report = report
        self.start = start
    }

    /// Returns true when every scenario that ran passed.
    public func run(_ run: PartRun) async throws -> Bool {
        let chosen = scenarios.filter { run.only.isEmpty || run.only.contains($0.name) }
        guard !chosen.isEmpty else { throw SuiteError.noScenario(run.only, available: scenarios.map(\.name)) }
        try ScratchDirectory.prepareEmpty(run.workDirectory)
        let runner = ScenarioRunner<Lab>(
            part: part, evidence: EvidenceWriter(root: run.root, part: part, report: report), command: run.command,
            progress: run.progress)
        let results = try await withLab(start: { try await start($0, run.progress) }) { lab in
            run.progress.say("service logs: \(run.workDirectory)/*.log")
            return await runner.run(chosen, in: lab, partial: !run.only.isEmpty)
        }
        return results.allSatisfy(\.passed)
    }
}
