/// Runs a part's scenarios in order against one lab, prints progress and a
/// verdict per scenario, and writes the evidence.
public struct ScenarioRunner<Lab: Sendable>: Sendable {
    public var part: String
    public var evidence: EvidenceWriter
    public var command: String
    public var progress: ProgressLog

    public init(part: String, evidence: EvidenceWriter, command: String, progress: ProgressLog = ProgressLog()) {
        self.part = part
        self.evidence = evidence
        self.command = command
        self.progress = progress
    }

    /// Runs each scenario; a scenario that throws counts as failed with the
    /// error as its detail, and the rest still run. Returns the results.
    /// `partial`: only some of the part's scenarios run, so the full report stays as it was.
    public func run(_ scenarios: [any Scenario<Lab>], in lab: Lab, partial: Bool = false) async -> [ScenarioResult] {
        var results: [ScenarioResult] = []
        let clock = ContinuousClock()
        for (index, scenario) in scenarios.enumerated() {
            progress.say("▶ [\(part) \(index + 1)/\(scenarios.count)] \(scenario.name): \(scenario.title)")
            let start = clock.now
            var result: ScenarioResult
            do {
                result = try await scenario.run(in: lab, progress: progress.nested())
            } catch {
                result = ScenarioResult(name: scenario.name, title: scenario.title)
                result.check("ran to completion", false, "\(error)")
            }
            result.elapsedSeconds = (clock.now - start).seconds
            for check in result.checks {
                progress.nested().say("\(check.passed ? "✔" : "✘") \(check.name): \(check.detail)")
            }
            do {
                let files = try await evidence.write(result)
                if !files.isEmpty { progress.nested().say("evidence: \(files.joined(separator: ", "))") }
            } catch {
                result.check("evidence written", false, "\(error)")
            }
            progress.say(
                "\(result.passed ? "PASS" : "FAIL") \(scenario.name) (\(Format.decimal(result.elapsedSeconds)) s)")
            results.append(result)
        }
        do {
            let path = try evidence.writeReport(results, machine: .current(), command: command, partial: partial)
            progress.say("report: \(path)")
        } catch {
            progress.say("could not write the report: \(error)")
        }
        let passed = results.filter(\.passed).count
        progress.say("\(part): \(passed) passed, \(results.count - passed) failed")
        return results
    }
}
