import Brokers

/// The Kafka protocol as a broker engine: the embedded broker (librdkafka's
/// mock cluster in a `commlab broker kafka run` process of its own), or the
/// cluster `KAFKA_BROKERS` names.
public enum KafkaBroker: BrokerEngine {
    public static let name = "kafka"
    public static let summary = "the Kafka protocol: librdkafka's mock cluster in its own process, log in memory"
    public static let environmentVariable = "KAFKA_BROKERS"
    public static let addressFormat = "host:port[,host:port]"
    /// The mock keeps its log in memory, so a restart would come back empty: no restart fault.
    public static let processFaults: Set<BrokerProcessFault> = [.pause]

    public static func startPrivate(_ request: BrokerStartRequest) async throws -> LabBroker {
        let broker = try await EmbeddedKafka.start(executable: request.executable, in: request.directory)
        request.progress.say(
            "embedded Kafka broker up at \(broker.bootstrapServers) (librdkafka mock cluster, own process)")
        return LabBroker(
            owned: broker.bootstrapServers, engine: name, controlURL: broker.controlURL,
            controls: BrokerControls(processID: { broker.pid }, stop: { await broker.stop() }))
    }
}
