import ArgumentParser
import AsyncQueue
import Foundation
import LabKit
import StreamingLog
import SyncREST

struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmarks: figures printed and saved as JSON, never pass/fail on speed.",
        subcommands: [SyncRESTBenchCommand.self, AsyncQueueBenchCommand.self, StreamingLogBenchCommand.self])
}

struct SyncRESTBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync-rest",
        abstract: "Part A: sequential p50, throughput under wrk, open-loop latency at a fixed rate.",
        discussion: "Build with -c release first; debug builds are several times slower.")

    @OptionGroup var run: LabRunOptions

    @Option(help: "Sequential orders for the single-client latency.")
    var sequential = 5_000

    @Option(help: "wrk connections.")
    var connections = 16

    @Option(help: "Seconds of each load phase (wrk, open loop).")
    var seconds = 10

    @Option(help: "Offered rate (orders/s) of the open-loop phase.")
    var rate = 1_000.0

    func validate() throws {
        guard sequential > 0, connections > 0, seconds > 0, rate > 0 else {
            throw ValidationError("--sequential, --connections, --seconds and --rate must be positive")
        }
    }

    func run() async throws {
        ChildProcessRegistry.stopChildrenOnInterrupt()
        var benchmark = SyncRESTBenchmark(
            executable: SelfExecutable.path, root: run.root, workDirectory: run.workDirectory(for: "bench-sync-rest"))
        benchmark.sequentialOrders = sequential
        benchmark.wrkConnections = connections
        benchmark.wrkDuration = .seconds(seconds)
        benchmark.openLoopDuration = .seconds(seconds)
        benchmark.openLoopRate = rate
        let report = try await benchmark.run()
        print("machine: \(report.machine.oneLine)")
        print("figures saved to \(run.root)/sync-rest/results/benchmark.json")
        if !report.consistent { throw ExitCode.failure }
    }
}

struct AsyncQueueBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "async-queue",
        abstract:
            "Part B: POST /order latency, paced end-to-end latency, raw broker rate, bulk throughput with CPU per process.",
        discussion: "Starts a private RabbitMQ node unless AMQP_URL is set. Build with -c release first.")

    @OptionGroup var run: LabRunOptions

    @Option(help: "Orders in the bulk run (and messages in the raw broker run).")
    var orders = 20_000

    func validate() throws {
        guard orders > 0 else { throw ValidationError("--orders must be positive") }
    }

    func run() async throws {
        ChildProcessRegistry.stopChildrenOnInterrupt()
        var benchmark = AsyncQueueBenchmark(
            executable: SelfExecutable.path, root: run.root, workDirectory: run.workDirectory(for: "bench-async-queue"),
            amqpURL: ProcessInfo.processInfo.environment["AMQP_URL"])
        benchmark.bulkOrders = orders
        let report = try await benchmark.run()
        print("machine: \(report.machine.oneLine)")
        print("figures saved to \(run.root)/async-queue/results/benchmark.json")
    }
}

struct StreamingLogBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "streaming-log",
        abstract:
            "Part C: produce rate, both groups done, analytics replay, CPU per process; 20,000 and 100,000 events.",
        discussion: "Starts the embedded broker unless KAFKA_BROKERS is set. Build with -c release first.")

    @OptionGroup var run: LabRunOptions

    @Option(parsing: .upToNextOption, help: "Run sizes (events), in order.")
    var events: [Int] = [20_000, 100_000]

    @Option(help: "Partitions of order-events and inventory-events (the embedded broker keeps ~5 MiB each).")
    var partitions = 24

    func validate() throws {
        guard !events.isEmpty, events.allSatisfy({ $0 > 0 }), partitions > 0 else {
            throw ValidationError("--events and --partitions must be positive")
        }
    }

    func run() async throws {
        ChildProcessRegistry.stopChildrenOnInterrupt()
        var benchmark = StreamingLogBenchmark(
            executable: SelfExecutable.path, root: run.root,
            workDirectory: run.workDirectory(for: "bench-streaming-log"),
            kafkaBrokers: ProcessInfo.processInfo.environment["KAFKA_BROKERS"])
        benchmark.sizes = events
        benchmark.partitions = partitions
        let report = try await benchmark.run()
        print("machine: \(report.machine.oneLine)")
        print("figures saved to \(run.root)/streaming-log/results/benchmark.json")
    }
}
