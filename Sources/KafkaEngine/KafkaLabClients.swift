import Brokers
import Kafka

/// A lab's own clients on a Kafka-protocol broker, from one configuration: a
/// producer that writes records straight into the log (bulk runs, poison,
/// duplicates) and a lag reader that watches the groups.
public struct KafkaLabClients: LabBrokerClients {
    public let configuration: KafkaConfiguration
    public let producer: KafkaProducer
    public let lagReader: KafkaLagReader

    /// The configuration for the broker at `bootstrap`: a record is given 5 s to be acknowledged, as the
    /// services give it.
    public static func configuration(bootstrap: String) -> KafkaConfiguration {
        var configuration = KafkaConfiguration(bootstrapServers: bootstrap)
        configuration.messageTimeoutMilliseconds = 5_000
        return configuration
    }

    public init(configuration: KafkaConfiguration) throws {
        self.configuration = configuration
        producer = try KafkaProducer(configuration: configuration)
        lagReader = KafkaLagReader(configuration: configuration)
    }

    /// Flushes the producer and closes both.
    public func close() async {
        await producer.shutdown()
        await lagReader.close()
    }
}
