import ArgumentParser
import Foundation
import RabbitMQEngine
import LabKit

struct BrokerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "broker",
        abstract: "Start, stop or inspect the private brokers the lab runs on loopback.",
        discussion: EngineCatalog.listing,
        subcommands: [RabbitMQBrokerCommand.self, KafkaBrokerCommand.self])
}

struct RabbitMQBrokerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rabbitmq",
        abstract: "A private RabbitMQ node: own data and log folder, free loopback ports, management UI on.",
        discussion: """
            `start` prints AMQP_URL=… and MANAGEMENT_URL=… lines (eval-able), and leaves the node
            running in the background until `stop`. Set AMQP_URL yourself to use an existing broker
            instead; the lab then starts none.
            """)

    enum Action: String, ExpressibleByArgument, CaseIterable {
        case start, stop, status
    }

    @Argument(help: "start, stop or status.")
    var action: Action

    @Option(help: "The node's folder (data, logs, node.json).")
    var dir = ".commlab/rabbitmq"

    func run() async throws {
        switch action {
        case .start:
            let node = try await RabbitMQNode.start(in: dir, progress: ProgressLog(prefix: "# "))
            print("AMQP_URL=\(node.amqpURL)")
            print("MANAGEMENT_URL=\(node.managementURL)")
        case .stop:
            guard let node = try? RabbitMQNode.load(from: dir) else {
                print("no node was started from \(dir)")
                return
            }
            try await node.stop()
            print("stopped \(node.nodeName)")
        case .status:
            guard let node = try? RabbitMQNode.load(from: dir) else {
                print("no node was started from \(dir)")
                throw ExitCode(3)
            }
            print(
                "\(node.nodeName): \(node.isRunning ? "running" : "not running") at \(node.amqpURL), UI \(node.managementURL)"
            )
            if !node.isRunning { throw ExitCode(3) }
        }
    }
}
