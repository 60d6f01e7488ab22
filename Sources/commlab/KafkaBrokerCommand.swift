import ArgumentParser
import Foundation
import KafkaEngine
import LabKit

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
            await broker.stop()
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

    private func runBroker() async throws {
        try await EmbeddedKafkaServer(directory: dir).run()
    }
}
