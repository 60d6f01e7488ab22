import ArgumentParser
import KafkaEngine
import LabKit
import Logging
import OrderWorkload

/// Part C, the workflow over a Kafka-protocol log, as the executable sees it.
public enum StreamingLogPart: BuiltPart {
    public static let name = "streaming-log"
    public static let summary = "C: streaming log — 202 once the broker acks; two consumer groups, replay"

    public static func server(of options: StreamingLogServeOptions) -> ServerOptions { options.server }

    public static func build(_ role: StreamingLogServices.Role, options: StreamingLogServeOptions, logger: Logger)
        throws -> BuiltService
    {
        try StreamingLogServices.build(role, options: options, logger: logger)
    }

    struct ScenarioOptions: ParsableArguments {
        @Option(help: "Events in the bulk run.")
        var events = 10_000

        @Option(help: "Partitions of order-events and inventory-events.")
        var partitions = 6
    }

    public static func runScenarios(_ run: PartRun, arguments: [String]) async throws -> Bool {
        let options = ScenarioOptions.parseOrExit(arguments)
        let lab = StreamingLogLab.Options(
            executable: run.executable, workDirectory: run.workDirectory, stock: StreamingLogScenarios.stock,
            partitions: options.partitions, kafkaBrokers: KafkaBroker.externalAddress(in: run.environment))
        let suite = ScenarioSuite(part: name, scenarios: StreamingLogScenarios.all(bulkEvents: options.events)) {
            try await StreamingLogLab.start(lab, http: $0, progress: $1)
        }
        return try await suite.run(run)
    }

    struct BenchOptions: ParsableArguments {
        @Option(parsing: .upToNextOption, help: "Run sizes (events), in order.")
        var events: [Int] = [100_000]

        @Option(help: "Partitions of order-events and inventory-events (the embedded broker keeps ~5 MiB each).")
        var partitions = 24

        func validate() throws {
            guard !events.isEmpty, events.allSatisfy({ $0 > 0 }), partitions > 0 else {
                throw ValidationError("--events and --partitions must be positive")
            }
        }
    }

    public static func runBenchmark(_ run: PartRun, arguments: [String]) async throws {
        let options = BenchOptions.parseOrExit(arguments)
        var benchmark = StreamingLogBenchmark(
            executable: run.executable, root: run.root, workDirectory: run.workDirectory,
            kafkaBrokers: KafkaBroker.externalAddress(in: run.environment))
        benchmark.sizes = options.events
        benchmark.partitions = options.partitions
        let report = try await benchmark.run(progress: run.progress)
        run.progress.say("machine: \(report.machine.oneLine)")
        run.progress.say("figures saved to \(run.root)/\(name)/results/benchmark.json")
    }

    public static var scenarioOptionsHelp: String { OptionsHelp.lines(ScenarioOptions.self) }
    public static var benchOptionsHelp: String { OptionsHelp.lines(BenchOptions.self) }
}
