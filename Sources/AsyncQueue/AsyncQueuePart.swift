import ArgumentParser
import LabKit
import RabbitMQEngine
import Logging
import OrderWorkload

/// Part B, the workflow over a RabbitMQ queue, as the executable sees it.
public enum AsyncQueuePart: BuiltPart {
    public static let name = "async-queue"
    public static let summary = "B: AMQP queue — 202 once RabbitMQ confirms; competing consumers, DLQ"

    public static func server(of options: AsyncQueueServeOptions) -> ServerOptions { options.server }

    public static func build(_ role: AsyncQueueServices.Role, options: AsyncQueueServeOptions, logger: Logger) throws
        -> BuiltService
    {
        try AsyncQueueServices.build(role, options: options, logger: logger)
    }

    struct ScenarioOptions: ParsableArguments {
        @Option(help: "Orders in the bulk throughput run.")
        var orders = 10_000
    }

    public static func runScenarios(_ run: PartRun, arguments: [String]) async throws -> Bool {
        let options = ScenarioOptions.parseOrExit(arguments)
        let lab = AsyncQueueLab.Options(
            executable: run.executable, workDirectory: run.workDirectory, stock: AsyncQueueScenarios.stock,
            amqpURL: RabbitMQBroker.externalAddress(in: run.environment))
        let suite = ScenarioSuite(part: name, scenarios: AsyncQueueScenarios.all(throughputOrders: options.orders)) {
            try await AsyncQueueLab.start(lab, http: $0, progress: $1)
        }
        return try await suite.run(run)
    }

    struct BenchOptions: ParsableArguments {
        @Option(help: "Orders in the bulk run (and messages in the raw broker run).")
        var orders = 20_000

        func validate() throws {
            guard orders > 0 else { throw ValidationError("--orders must be positive") }
        }
    }

    public static func runBenchmark(_ run: PartRun, arguments: [String]) async throws {
        let options = BenchOptions.parseOrExit(arguments)
        var benchmark = AsyncQueueBenchmark(
            executable: run.executable, root: run.root, workDirectory: run.workDirectory,
            amqpURL: RabbitMQBroker.externalAddress(in: run.environment))
        benchmark.bulkOrders = options.orders
        let report = try await benchmark.run(progress: run.progress)
        run.progress.say("machine: \(report.machine.oneLine)")
        run.progress.say("figures saved to \(run.root)/\(name)/results/benchmark.json")
    }

    public static var scenarioOptionsHelp: String { OptionsHelp.lines(ScenarioOptions.self) }
    public static var benchOptionsHelp: String { OptionsHelp.lines(BenchOptions.self) }
}
