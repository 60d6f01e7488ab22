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
            controls: BrokerControls(
                processID: { broker.pid }, stop: { await broker.stop() },
                limits: [
                    .crash:
                        "the embedded broker keeps its log in one process's memory and would come back empty on a "
                        + "new port: a crash loses the whole log by construction, so the lab does not inject it",
                    .restart: "the embedded broker keeps its log in memory: a restart would come back empty",
                ]))
    }
}

extension KafkaBroker: DetachedBrokerEngine {
    public static let detachedHelp = """
        The embedded broker: librdkafka's mock cluster in a process of its own, speaking the Kafka protocol on \
        loopback TCP (kcat -b $KAFKA_BROKERS -L). `start` prints KAFKA_BROKERS=… (eval-able) and leaves it \
        running until `stop`; `run` is what start runs, in the foreground. Limits: in memory only; each \
        partition keeps about its newest 5 MiB; it holds every fetch for the consumer's full \
        fetch.wait.max.ms (the lab sets 10 ms); a member that vanishes is dropped only after session.timeout.ms.
        """

    public static func startDetached(in directory: String, executable: String) async throws -> [String] {
        let broker = try await EmbeddedKafka.start(executable: executable, in: directory)
        return ["\(environmentVariable)=\(broker.bootstrapServers)", "KAFKA_MOCK_CONTROL=\(broker.controlURL)"]
    }

    public static func stopDetached(in directory: String) async throws -> String? {
        guard let broker = try? EmbeddedKafka.load(from: directory) else { return nil }
        await broker.stop()
        return "stopped the embedded broker at \(broker.bootstrapServers)"
    }

    public static func status(in directory: String) -> (running: Bool, description: String)? {
        guard let broker = try? EmbeddedKafka.load(from: directory) else { return nil }
        return (
            broker.isRunning,
            broker.isRunning
                ? "embedded broker running at \(broker.bootstrapServers) (pid \(broker.pid)), control \(broker.controlURL)"
                : "embedded broker from \(directory) is not running"
        )
    }

    public static func runInForeground(in directory: String) async throws {
        try await EmbeddedKafkaServer(directory: directory).run()
    }
}
