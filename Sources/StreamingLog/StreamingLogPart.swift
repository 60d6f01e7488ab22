import ArgumentParser
import LabKit
import OrderWorkload

/// Part C, the workflow over a Kafka-protocol log, as the executable sees it.
public enum StreamingLogPart: Part {
    public static let name = "streaming-log"
    public static let summary = "C: streaming log — 202 once the broker acks; two consumer groups, replay"
    public static let roles = StreamingLogServices.Role.allCases.map(\.rawValue)

    public static func serve(role: String, arguments: [String]) async throws {
        let options = StreamingLogServeOptions.parseOrExit(arguments)
        guard let role = StreamingLogServices.Role(rawValue: role) else {
            throw PartError.unknownRole(role, of: self)
        }
        let logger = options.server.logger(label: "commlab.\(name).\(role.rawValue)")
        let built = try StreamingLogServices.build(role, options: options, logger: logger)
        try await options.server.runner(name: "\(name) \(role.rawValue)", logger: logger).run(built)
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
            partitions: options.partitions, kafkaBrokers: run.brokers.kafkaBootstrap)
        let suite = ScenarioSuite(part: name, scenarios: StreamingLogScenarios.all(bulkEvents: options.events)) {
            try await StreamingLogLab.start(lab, http: $0, progress: $1)
        }
        return try await suite.run(run)
    }

    struct BenchOptions: ParsableArguments {
        @Option(parsing: .upToNextOption, help: "Run sizes (events), in order.")
        var events: [Int] = [20_000, 100_000]

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
            kafkaBrokers: run.brokers.kafkaBootstrap)
        benchmark.sizes = options.events
        benchmark.partitions = options.partitions
        let report = try await benchmark.run(progress: run.progress)
        run.progress.say("machine: \(report.machine.oneLine)")
        run.progress.say("figures saved to \(run.root)/\(name)/results/benchmark.json")
    }
}
