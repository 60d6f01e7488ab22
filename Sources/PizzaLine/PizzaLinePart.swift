import ArgumentParser
import KafkaEngine
import LabKit
import Logging

/// The pizza production line (the seeds' second system) as the executable sees it.
public enum PizzaLinePart: BuiltPart {
    public static let name = "pizza-line"
    public static let summary =
        "the seeds' pizza line: nine machines over the Kafka protocol, back-pressure, restocking"

    public static func server(of options: PizzaLineServeOptions) -> ServerOptions { options.server }

    public static func build(_ role: PizzaLineServices.Role, options: PizzaLineServeOptions, logger: Logger) throws
        -> BuiltService
    {
        try PizzaLineServices.build(role, options: options, logger: logger)
    }

    struct ScenarioOptions: ParsableArguments {
        @Option(help: "Milliseconds each machine takes per pizza.")
        var processingMs = 20

        func validate() throws {
            guard processingMs >= 1, processingMs <= 2_000 else {
                throw ValidationError("--processing-ms must be between 1 and 2000")
            }
        }
    }

    public static func runScenarios(_ run: PartRun, arguments: [String]) async throws -> Bool {
        let options = ScenarioOptions.parseOrExit(arguments)
        var lab = PizzaLineLab.Options(
            executable: run.executable, workDirectory: run.workDirectory,
            kafkaBrokers: KafkaBroker.externalAddress(in: run.environment))
        lab.processingMilliseconds = options.processingMs
        let suite = ScenarioSuite(part: name, scenarios: PizzaLineScenarios.all) { [lab] http, progress in
            try await PizzaLineLab.start(lab, http: http, progress: progress)
        }
        return try await suite.run(run)
    }

    public static func runBenchmark(_ run: PartRun, arguments: [String]) async throws {
        run.progress.say("pizza-line has no benchmark yet; its scenarios print the figures")
    }

    public static var scenarioOptionsHelp: String { OptionsHelp.lines(ScenarioOptions.self) }
    public static var benchOptionsHelp: String { "    (none)" }
}
