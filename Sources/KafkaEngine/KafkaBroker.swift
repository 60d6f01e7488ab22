import Brokers
import Synchronization

/// The Kafka protocol as a broker engine: the embedded broker (librdkafka's
/// mock cluster in a `commlab broker kafka run` process of its own), or the
/// cluster `KAFKA_BROKERS` names.
public enum KafkaBroker: BrokerEngine {
    public static let name = "kafka"
    public static let summary = "the Kafka protocol: librdkafka's mock cluster in its own process, log in memory"
    public static let environmentVariable = "KAFKA_BROKERS"
    public static let addressFormat = "host:port[,host:port]"
    /// The mock keeps its log in memory: a crash is injected (to count what it loses), a graceful restart is not.
    public static let processFaults: Set<BrokerProcessFault> = [.pause, .crash]

    public static func startPrivate(_ request: BrokerStartRequest) async throws -> LabBroker {
        let broker = try await EmbeddedKafka.start(executable: request.executable, in: request.directory)
        request.progress.say(
            "embedded Kafka broker up at \(broker.bootstrapServers) (librdkafka mock cluster, own process)")
        let current = Mutex(broker)
        var limits: [BrokerProcessFault: String] = [
            .restart: "the embedded broker keeps its log in memory: a restart would come back empty",
            .nodeLoss:
                "one embedded broker: a node lost is the whole broker (broker_crash); run --deployment replicated",
        ]
        var crash: (@Sendable (Duration) async throws -> Void)?
        if let reason = LoopbackPortRedirect.unavailable {
            limits[.crash] =
                "the embedded broker comes back on a new port after a crash, and bringing it back on its "
                + "clients' address needs a kernel redirect: \(reason)"
        } else {
            crash = { downFor in
                let restarted = try await current.withLock { $0 }.crashAndRestart(after: downFor)
                current.withLock { $0 = restarted }
            }
        }
        return LabBroker(
            owned: broker.bootstrapServers, engine: name, controlURL: broker.controlURL,
            controls: BrokerControls(
                processID: { current.withLock { $0.pid } }, stop: { await current.withLock { $0 }.stop() },
                crash: crash, limits: limits,
                crashLoses:
                    "the embedded broker (librdkafka's mock cluster) keeps its log, its groups and their offsets in "
                    + "its process's memory: it comes back with its topics, empty"))
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
