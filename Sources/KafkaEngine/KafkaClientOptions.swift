import ArgumentParser
import Foundation
import Kafka

/// The options every service on a Kafka-protocol broker takes, and the one
/// client configuration they make: the same flags, default and error for
/// part C and the pizza line.
public struct KafkaClientOptions: ParsableArguments {
    public init() {}

    @Option(help: "Bootstrap servers. Default: $KAFKA_BROKERS.")
    public var kafkaBrokers: String?

    @Option(help: "Consumer session timeout (ms): how soon a vanished member is dropped and its partitions reassigned.")
    public var sessionTimeoutMs = 6_000

    public func validate() throws {
        guard sessionTimeoutMs > 0 else { throw ValidationError("--session-timeout-ms must be positive") }
    }

    /// The services' `socket.timeout.ms`.
    public static let socketTimeoutMilliseconds = 5_000

    /// The client configuration: the brokers from the option or the environment, a 5 s delivery deadline, and
    /// a connection whose requests go unanswered for 5 s given up (a half-open link noticed within ~6 s).
    public func configuration(
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> KafkaConfiguration {
        guard let brokers = kafkaBrokers ?? environment[KafkaBroker.environmentVariable] else {
            throw ValidationError(
                "no broker: pass --kafka-brokers or set KAFKA_BROKERS (commlab broker kafka start prints it)")
        }
        var configuration = KafkaConfiguration(bootstrapServers: brokers)
        configuration.sessionTimeoutMilliseconds = sessionTimeoutMs
        configuration.messageTimeoutMilliseconds = 5_000
        configuration.socketTimeoutMilliseconds = Self.socketTimeoutMilliseconds
        return configuration
    }
}
