import ArgumentParser
import LabKit
import RabbitMQEngine
import Logging
import OrderWorkload

/// Part B, the workflow over a RabbitMQ queue, as the executable sees it.
public enum AsyncQueuePart: BuiltPart, SuitePart {
    public static let name = "async-queue"
    public static let summary = "B: AMQP queue — 202 once RabbitMQ confirms; competing consumers, DLQ"

    public typealias Services = AsyncQueueServices

    public struct ScenarioOptions: ParsableArguments {
        public init() {}

        @Option(help: "Orders in the bulk throughput run.")
        var orders = 10_000

        @OptionGroup var replicated: ReplicatedScenarioOptions
    }

    public static func scenarios(_ options: ScenarioOptions, run: PartRun) -> ScenarioSuite<AsyncQueueLab> {
        var lab = AsyncQueueLab.Options(run, stock: AsyncQueueScenarios.stock, engine: RabbitMQBroker.self)
        lab.deployment = options.replicated.deployment
        return options.replicated.suite(
            part: name, quorumLoss: true, single: AsyncQueueScenarios.all(throughputOrders: options.orders)
        ) { [lab] in
            try await AsyncQueueLab.start(lab, http: $0, progress: $1)
        }
    }

    public struct BenchOptions: ParsableArguments {
        public init() {}

        @Option(help: "Orders in the bulk run (and messages in the raw broker run).")
        var orders = 20_000

        public func validate() throws {
            guard orders > 0 else { throw ValidationError("--orders must be positive") }
        }
    }

    public static func benchmark(_ options: BenchOptions, run: PartRun) async throws -> MachineDescription? {
        var benchmark = AsyncQueueBenchmark(partRun: run)
        benchmark.bulkOrders = options.orders
        return try await benchmark.run().machine
    }
}

extension AsyncQueuePart: ComparablePart {
    public static let modelName = "B: AMQP queue"

    /// Replicated: three RabbitMQ nodes in one cluster, the workflow's queues quorum queues.
    public static func unavailable(_ deployment: Deployment) -> String? { nil }

    public typealias ComparedLabType = AsyncQueueLab
}
