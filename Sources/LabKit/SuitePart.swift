import ArgumentParser

/// A part whose scenarios are one suite and whose benchmark is one run, each
/// with options of its own: parsing them, running, and `--help` are then the
/// same for every such part, which states only what differs.
public protocol SuitePart: Part {
    associatedtype ScenarioOptions: ParsableArguments
    associatedtype BenchOptions: ParsableArguments
    associatedtype Lab: RunningLab

    /// The part's scenarios and how to start the lab they run in.
    static func scenarios(_ options: ScenarioOptions, run: PartRun) -> ScenarioSuite<Lab>

    /// Runs the benchmark and writes its figures to `<root>/<part>/results/benchmark.json`; returns the
    /// machine it measured, or nil when the part has no benchmark (it says so itself).
    static func benchmark(_ options: BenchOptions, run: PartRun) async throws -> MachineDescription?
}

extension SuitePart {
    public static func runScenarios(_ run: PartRun, arguments: [String]) async throws -> Bool {
        try await scenarios(ScenarioOptions.parseOrExit(arguments), run: run).run(run)
    }

    public static func runBenchmark(_ run: PartRun, arguments: [String]) async throws {
        guard let machine = try await benchmark(BenchOptions.parseOrExit(arguments), run: run) else { return }
        run.progress.say("machine: \(machine.oneLine)")
        run.progress.say("figures saved to \(run.root)/\(name)/results/benchmark.json")
    }

    public static var scenarioOptionsHelp: String { OptionsHelp.lines(ScenarioOptions.self) }
    public static var benchOptionsHelp: String { OptionsHelp.lines(BenchOptions.self) }
}

/// Options for a part that takes none.
public struct NoOptions: ParsableArguments {
    public init() {}
}
