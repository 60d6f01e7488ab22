import AMQP
import ArgumentParser
import Foundation

/// The options every service on a RabbitMQ broker takes, and the one
/// endpoint they make: the same flag, default and error for parts B and D
/// (as ``KafkaClientOptions`` is for the Kafka-protocol parts).
public struct AMQPClientOptions: ParsableArguments {
    public init() {}

    @Option(
        help: ArgumentHelp(
            "The broker. Default: $AMQP_URL, else amqp://guest:guest@127.0.0.1:5672/.",
            discussion: "Prefer $AMQP_URL: a password on the command line is visible to every user's `ps`."))
    public var amqpURL: String?

    @Option(
        help: """
            classic (one node) or quorum (replicated over a cluster's nodes) for the part's queues; every \
            service and the lab must declare the same.
            """)
    public var queueType: AMQPQueueType = .classic

    /// The broker to connect to: the option, else the environment, else RabbitMQ's default on loopback.
    public func endpoint(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> AMQPEndpoint {
        let url = amqpURL ?? environment[RabbitMQBroker.environmentVariable] ?? "amqp://guest:guest@127.0.0.1:5672/"
        do {
            return try AMQPEndpoint(url: url)
        } catch {
            throw ValidationError("--amqp-url: \(error)")
        }
    }
}

extension AMQPQueueType: ExpressibleByArgument {}
