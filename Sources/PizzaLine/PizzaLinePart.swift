import ArgumentParser
import KafkaEngine
import LabKit
import Logging

/// The pizza production line (the seeds' second system) as the executable sees it.
public enum PizzaLinePart: BuiltPart, SuitePart {
    public static let name = "pizza-line"
    public static let summary =
        "the seeds' pizza line: nine machines over the Kafka protocol, back-pressure, restocking"

    public typealias Services = PizzaLineServices

    public struct ScenarioOptions: ParsableArguments {
        public init() {}

        @Option(help: "Milliseconds each machine takes per pizza.")
        var processingMs = 20

        public func validate() throws {
            guard processingMs >= 1, processingMs <= 2_000 else {
                throw ValidationError("--processing-ms must be between 1 and 2000")
            }
        }
    }

    public static func scenarios(_ options: ScenarioOptions, run: PartRun) -> ScenarioSuite<PizzaLineLab> {
        var lab = PizzaLineLab.Options(
            executable: run.executable, workDirectory: run.workDirectory,
            kafkaBrokers: KafkaBroker.externalAddress(in: run.environment))
        lab.processingMilliseconds = options.processingMs
        return ScenarioSuite(part: name, scenarios: PizzaLineScenarios.all) { [lab] http, progress in
            try await PizzaLineLab.start(lab, http: http, progress: progress)
        }
    }

    public typealias BenchOptions = NoOptions

    public static func benchmark(_ options: NoOptions, run: PartRun) async throws -> MachineDescription? {
        run.progress.say("pizza-line has no benchmark yet; its scenarios print the figures")
        return nil
    }

    public static var benchOptionsHelp: String { "    (none)" }
}
