import ArgumentParser
import KafkaEngine
import LabKit
import OrderWorkload

/// Part C, the workflow over a Kafka-protocol log, as the executable sees it.
public enum StreamingLogPart: BuiltPart, SuitePart {
    public static let name = "streaming-log"
    public static let summary = "C: streaming log — 202 once the broker acks; two consumer groups, replay"

    public typealias Services = StreamingLogServices

    public struct ScenarioOptions: ParsableArguments {
        public init() {}

        @Option(help: "Events in the bulk run.")
        var events = 10_000

        @Option(help: "Partitions of order-events and inventory-events.")
        var partitions = 6

        @OptionGroup var replicated: ReplicatedScenarioOptions
    }

    /// Replicated, the lost-quorum scenario is left out: the mock cannot show it (``KafkaClusterBroker``).
    public static func scenarios(_ options: ScenarioOptions, run: PartRun) -> ScenarioSuite<StreamingLogLab> {
        var lab = StreamingLogLab.Options(
            .init(run, stock: StreamingLogScenarios.stock, engine: KafkaBroker.self), partitions: options.partitions)
        lab.lab.deployment = options.replicated.deployment
        return options.replicated.suite(
            part: name, quorumLoss: false, single: StreamingLogScenarios.all(bulkEvents: options.events)
        ) { [lab] in
            try await StreamingLogLab.start(lab, http: $0, progress: $1)
        }
    }

    public struct BenchOptions: ParsableArguments {
        public init() {}

        @Option(parsing: .upToNextOption, help: "Run sizes (events), in order.")
        var events: [Int] = [10_000, 100_000]

        @Option(help: "Partitions of order-events and inventory-events (the embedded broker keeps ~5 MiB each).")
        var partitions = 24

        public func validate() throws {
            guard !events.isEmpty, events.allSatisfy({ $0 > 0 }), partitions > 0 else {
                throw ValidationError("--events and --partitions must be positive")
            }
        }
    }

    public static func benchmark(_ options: BenchOptions, run: PartRun) async throws -> MachineDescription? {
        var benchmark = StreamingLogBenchmark(partRun: run)
        benchmark.sizes = options.events
        benchmark.partitions = options.partitions
        return try await benchmark.run().machine
    }
}

extension StreamingLogPart: ComparablePart {
    public static let modelName = "C: Kafka log"
    /// The seeds' partition count: enough for the comparison's rate, cheap for the embedded broker.
    static let comparedPartitions = 3

    public typealias ComparedLabType = StreamingLogLab

    /// Replicated: the embedded broker as a cluster of three (``KafkaClusterBroker``).
    public static func unavailable(_ deployment: Deployment) -> String? { nil }
}
