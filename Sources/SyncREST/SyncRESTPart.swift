import ArgumentParser
import LabKit
import OrderWorkload
import Logging

/// Part A, the blocking REST chain, as the executable sees it.
public enum SyncRESTPart: BuiltPart, SuitePart {
    public static let name = "sync-rest"
    public static let summary = "A: sync REST — order → inventory → notification as blocking HTTP calls"

    public typealias Services = SyncRESTServices

    public struct ScenarioOptions: ParsableArguments {
        public init() {}

        @Option(help: "Orders in the large baseline run.")
        var orders = 1_000
    }

    public static func scenarios(_ options: ScenarioOptions, run: PartRun) -> ScenarioSuite<SyncRESTLab> {
        let lab = SyncRESTLab.Options(
            executable: run.executable, workDirectory: run.workDirectory, stock: SyncRESTScenarios.stock,
            downstreamTimeout: .seconds(3))
        return ScenarioSuite(part: name, scenarios: SyncRESTScenarios.all(orders: options.orders)) {
            try await SyncRESTLab.start(lab, http: $0, progress: $1)
        }
    }

    public struct BenchOptions: ParsableArguments {
        public init() {}

        @Option(help: "Sequential orders for the single-client latency.")
        var sequential = 5_000

        @Option(help: "wrk connections.")
        var connections = 16

        @Option(help: "Seconds of each load phase (wrk, open loop).")
        var seconds = 10

        @Option(help: "Offered rate (orders/s) of the open-loop phase.")
        var rate = 1_000.0

        public func validate() throws {
            guard sequential > 0, connections > 0, seconds > 0, rate > 0 else {
                throw ValidationError("--sequential, --connections, --seconds and --rate must be positive")
            }
        }
    }

    public static func benchmark(_ options: BenchOptions, run: PartRun) async throws -> MachineDescription? {
        var benchmark = SyncRESTBenchmark(partRun: run)
        benchmark.sequentialOrders = options.sequential
        benchmark.wrkConnections = options.connections
        benchmark.wrkDuration = .seconds(options.seconds)
        benchmark.openLoopDuration = .seconds(options.seconds)
        benchmark.openLoopRate = options.rate
        let report = try await benchmark.run()
        if !report.consistent { throw BenchmarkError.inconsistent(part: name) }
        return report.machine
    }
}

extension SyncRESTPart: ComparablePart {
    public static let modelName = "A: sync REST"

    public static func unavailable(_ deployment: Deployment) -> String? {
        deployment == .single
            ? nil
            : "no broker to replicate: its counterpart, more inventory services behind a load balancer sharing one "
                + "stock, is out of scope (see commlab scale)"
    }

    public typealias ComparedLabType = SyncRESTLab
}
