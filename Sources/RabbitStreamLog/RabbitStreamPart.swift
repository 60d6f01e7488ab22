import ArgumentParser
import LabKit
import OrderWorkload
import RabbitMQEngine

/// Part D, the workflow over a log that persists: RabbitMQ streams, each
/// reader keeping its own offsets beside its state.
public enum RabbitStreamPart: BuiltPart, SuitePart {
    public static let name = "rabbitmq-stream"
    public static let summary =
        "D: stream log (RabbitMQ) — 202 once the stream confirms; two readers keep their offsets; replay"

    public typealias Services = RabbitStreamServices

    public struct ScenarioOptions: ParsableArguments {
        public init() {}

        @Option(help: "Events in the bulk run.")
        var events = 10_000

        @OptionGroup var replicated: ReplicatedScenarioOptions

        public func validate() throws {
            guard events > 0 else { throw ValidationError("--events must be positive") }
        }
    }

    public static func scenarios(_ options: ScenarioOptions, run: PartRun) -> ScenarioSuite<RabbitStreamLab> {
        var lab = RabbitStreamLab.Options(run, stock: RabbitStreamScenarios.stock, engine: RabbitMQBroker.self)
        lab.deployment = options.replicated.deployment
        return options.replicated.suite(
            part: name, quorumLoss: true, single: RabbitStreamScenarios.all(bulkEvents: options.events)
        ) { [lab] in
            try await RabbitStreamLab.start(lab, http: $0, progress: $1)
        }
    }

    public struct BenchOptions: ParsableArguments {
        public init() {}

        @Option(help: "Events in the bulk run (and records in the bare stream run).")
        var events = 20_000

        public func validate() throws {
            guard events > 0 else { throw ValidationError("--events must be positive") }
        }
    }

    public static func benchmark(_ options: BenchOptions, run: PartRun) async throws -> MachineDescription? {
        var benchmark = RabbitStreamBenchmark(partRun: run)
        benchmark.events = options.events
        return try await benchmark.run().machine
    }
}

extension RabbitStreamPart: ComparablePart {
    public static let modelName = "D: stream log (RabbitMQ)"

    public typealias ComparedLabType = RabbitStreamLab

    /// Replicated: a three-node RabbitMQ cluster (``RabbitMQClusterBroker``), its streams on every node.
    public static func unavailable(_ deployment: Deployment) -> String? { nil }
}
