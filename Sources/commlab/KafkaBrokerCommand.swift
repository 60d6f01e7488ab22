import ArgumentParser
import Foundation
import Hummingbird
import Kafka
import LabKit
import Logging

struct KafkaBrokerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kafka",
        abstract: "The embedded Kafka-protocol broker: librdkafka's mock cluster, in its own process.",
        discussion: """
            `start` prints KAFKA_BROKERS=… (eval-able) and leaves the broker running until `stop`.
            It speaks the Kafka protocol on loopback TCP, so kcat and any client connect to it:
              kcat -b $KAFKA_BROKERS -L
            Limits: in memory only; each partition keeps about its newest 5 MiB; it holds every
            fetch for the consumer's full fetch.wait.max.ms (the lab sets 10 ms); a member that
            vanishes is dropped only after session.timeout.ms.
            Set KAFKA_BROKERS yourself to use an existing Kafka or Redpanda instead.
            """)

    enum Action: String, ExpressibleByArgument, CaseIterable {
        case start, stop, status, run
    }

    @Argument(help: "start, stop, status, or run (in the foreground; what start runs).")
    var action: Action

    @Option(help: "The broker's folder (bootstrap address, state, log).")
    var dir = ".commlab/kafka"

    func run() async throws {
        switch action {
        case .start:
            let broker = try await EmbeddedKafka.start(executable: SelfExecutable.path, in: dir)
            print("KAFKA_BROKERS=\(broker.bootstrapServers)")
            print("KAFKA_MOCK_CONTROL=\(broker.controlURL)")
        case .stop:
            guard let broker = try? EmbeddedKafka.load(from: dir) else {
                print("no broker was started from \(dir)")
                return
            }
            broker.stop()
            print("stopped the embedded broker at \(broker.bootstrapServers)")
        case .status:
            guard let broker = try? EmbeddedKafka.load(from: dir), broker.isRunning else {
                print("no embedded broker is running from \(dir)")
                throw ExitCode(3)
            }
            print(
                "embedded broker running at \(broker.bootstrapServers) (pid \(broker.pid)), control \(broker.controlURL)"
            )
        case .run:
            try await runBroker()
        }
    }

    /// The broker process: the mock cluster, plus a loopback control endpoint
    /// for what only this process can do (the mock has no CreateTopics).
    private func runBroker() async throws {
        let cluster = try KafkaMockCluster(brokers: 1)
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try "\(getpid())\n".write(toFile: "\(dir)/\(EmbeddedKafka.pidFile)", atomically: true, encoding: .utf8)
        let file = "\(dir)/\(EmbeddedKafka.bootstrapFile)"
        try "\(cluster.bootstrapServers)\n".write(toFile: file + ".tmp", atomically: true, encoding: .utf8)
        _ = rename(file + ".tmp", file)
        print("embedded Kafka broker listening on \(cluster.bootstrapServers)")
        let router = Router()
        router.get("/health") { _, _ in "ok" }
        router.put("/topics/:name") { request, context in
            let name = try context.parameters.require("name")
            guard let partitions = request.uri.queryParameters.get("partitions", as: Int.self),
                (1...1_000).contains(partitions)
            else {
                throw JSONErrorResponse(
                    status: .badRequest, code: "invalid_field", message: "partitions must be 1…1000",
                    field: "partitions")
            }
            do {
                try cluster.createTopic(name, partitions: partitions)
            } catch {
                throw JSONErrorResponse(status: .conflict, code: "create_failed", message: "\(error)")
            }
            return try JSONResponse.encode(["topic": name, "partitions": String(partitions)], status: .created)
        }
        var logger = Logger(label: "commlab.kafka-broker")
        logger.logLevel = .warning
        let runner = LabServiceRunner(
            name: "kafka broker control", host: "127.0.0.1", port: 0,
            portFile: "\(dir)/\(EmbeddedKafka.controlPortFile)", logger: logger)
        try await runner.run(router: router)
        print("embedded Kafka broker stopping")
        withExtendedLifetime(cluster) {}
    }
}
