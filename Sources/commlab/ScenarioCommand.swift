import ArgumentParser
import AsyncQueue
import Foundation
import LabKit
import StreamingLog
import SyncREST

struct ScenarioCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scenario",
        abstract: "Run one part's scenarios against real processes and write the evidence.",
        subcommands: [SyncRESTScenarioCommand.self, AsyncQueueScenarioCommand.self, StreamingLogScenarioCommand.self])
}

struct SyncRESTScenarioCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync-rest",
        abstract: "Part A: baseline latency, delay and failure injection, inventory down, consistency, bad input.",
        discussion: "Exits non-zero when any scenario fails. Ctrl-C stops the services it started.")

    @OptionGroup var run: LabRunOptions

    @Option(help: "Orders in the large baseline run.")
    var orders = 1_000

    @Option(parsing: .upToNextOption, help: "Run only these scenarios (by name).")
    var only: [String] = []

    func run() async throws {
        ChildProcessRegistry.stopChildrenOnInterrupt()
        let suite = SyncRESTSuite(
            executable: SelfExecutable.path, root: run.root, workDirectory: run.workDirectory(for: SyncRESTSuite.part),
            orders: orders, only: only)
        guard try await suite.run(command: LabRunOptions.commandLine) else { throw ExitCode.failure }
    }
}

struct AsyncQueueScenarioCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "async-queue",
        abstract: "Part B: backlog drain, idempotency (duplicate, crash before ack), DLQ, throughput, consistency.",
        discussion: """
            Starts a private RabbitMQ node for the run, unless AMQP_URL names a broker to use.
            Exits non-zero when any scenario fails. Ctrl-C stops the services it started.
            """)

    @OptionGroup var run: LabRunOptions

    @Option(help: "Orders in the bulk throughput run.")
    var orders = 10_000

    @Option(parsing: .upToNextOption, help: "Run only these scenarios (by name).")
    var only: [String] = []

    func run() async throws {
        ChildProcessRegistry.stopChildrenOnInterrupt()
        let suite = AsyncQueueSuite(
            executable: SelfExecutable.path, root: run.root,
            workDirectory: run.workDirectory(for: AsyncQueueSuite.part),
            throughputOrders: orders, only: only, amqpURL: ProcessInfo.processInfo.environment["AMQP_URL"])
        guard try await suite.run(command: LabRunOptions.commandLine) else { throw ExitCode.failure }
    }
}

struct StreamingLogScenarioCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "streaming-log",
        abstract: "Part C: bulk produce, consumer lag, replay, crash and resume, poison events.",
        discussion: """
            Starts the embedded Kafka-protocol broker (librdkafka's mock cluster, in its own process)
            unless KAFKA_BROKERS names a cluster. Exits non-zero when any scenario fails.
            """)

    @OptionGroup var run: LabRunOptions

    @Option(help: "Events in the bulk run.")
    var events = 10_000

    @Option(help: "Partitions of order-events and inventory-events.")
    var partitions = 6

    @Option(parsing: .upToNextOption, help: "Run only these scenarios (by name).")
    var only: [String] = []

    func run() async throws {
        ChildProcessRegistry.stopChildrenOnInterrupt()
        let suite = StreamingLogSuite(
            executable: SelfExecutable.path, root: run.root,
            workDirectory: run.workDirectory(for: StreamingLogSuite.part),
            bulkEvents: events, partitions: partitions, only: only,
            kafkaBrokers: ProcessInfo.processInfo.environment["KAFKA_BROKERS"])
        guard try await suite.run(command: LabRunOptions.commandLine) else { throw ExitCode.failure }
    }
}
