import ArgumentParser
import AsyncQueue
import Foundation
import LabKit
import StreamingLog
import SyncREST

struct LabCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lab",
        abstract: "The lab's main job: every part's scenarios, evidence written under --root.",
        discussion: """
            Parts: sync-rest; async-queue (a private RabbitMQ node is started for it unless AMQP_URL
            is set); streaming-log (the embedded Kafka broker is started unless KAFKA_BROKERS is set). Every part runs even when an earlier one fails; exits non-zero when
            any scenario failed.
            """)

    @OptionGroup var run: LabRunOptions

    @Option(help: "Orders in part A's large baseline run.")
    var orders = 1_000

    @Option(help: "Orders in part B's bulk throughput run.")
    var queueOrders = 10_000

    @Option(help: "Events in part C's bulk run.")
    var streamEvents = 10_000

    func run() async throws {
        ChildProcessRegistry.stopChildrenOnInterrupt()
        let syncREST = SyncRESTSuite(
            executable: SelfExecutable.path, root: run.root, workDirectory: run.workDirectory(for: SyncRESTSuite.part),
            orders: orders, only: [])
        let asyncQueue = AsyncQueueSuite(
            executable: SelfExecutable.path, root: run.root,
            workDirectory: run.workDirectory(for: AsyncQueueSuite.part),
            throughputOrders: queueOrders, only: [], amqpURL: ProcessInfo.processInfo.environment["AMQP_URL"])
        let streamingLog = StreamingLogSuite(
            executable: SelfExecutable.path, root: run.root,
            workDirectory: run.workDirectory(for: StreamingLogSuite.part), bulkEvents: streamEvents, partitions: 6,
            only: [], kafkaBrokers: ProcessInfo.processInfo.environment["KAFKA_BROKERS"])
        var passed = true
        for (part, suite) in [
            ("sync-rest", { try await syncREST.run(command: LabRunOptions.commandLine) }),
            ("async-queue", { try await asyncQueue.run(command: LabRunOptions.commandLine) }),
            ("streaming-log", { try await streamingLog.run(command: LabRunOptions.commandLine) }),
        ] as [(String, () async throws -> Bool)] {
            do {
                passed = try await suite() && passed
            } catch {
                print("\(part): could not run: \(error)")
                passed = false
            }
        }
        guard passed else { throw ExitCode.failure }
    }
}
