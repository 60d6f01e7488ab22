import Brokers
import LabKit

/// The Kafka protocol replicated: the embedded broker as a mock cluster of
/// three brokers, its topics at replication factor 3, and the lab's own
/// ``MockClusterController`` electing leaders when one is lost. With
/// `KAFKA_BROKERS` set, the user's cluster is used as it is and the lab
/// injects no node faults there.
public enum KafkaClusterBroker: BrokerEngine {
    public static let name = "kafka-cluster"
    public static let summary =
        "the Kafka protocol replicated: librdkafka's mock cluster of three brokers in its own process, topics at "
        + "replication factor 3, leaders elected by the lab when a broker is lost"
    public static let environmentVariable = KafkaBroker.environmentVariable
    public static let addressFormat = KafkaBroker.addressFormat
    public static let processFaults: Set<BrokerProcessFault> = [.nodeLoss]
    public static let size = 3
    /// Why the mock cannot show a lost quorum as Kafka would.
    public static let quorumLossLimit =
        "the mock cluster keeps no in-sync replica set and no min.insync.replicas: with two of three brokers down "
        + "it cannot refuse a write for want of replicas as Kafka does, so the outcome would be the mock's, not "
        + "the model's"

    public static func startPrivate(_ request: BrokerStartRequest) async throws -> LabBroker {
        let clock = ContinuousClock()
        let started = clock.now
        let broker = try await EmbeddedKafka.start(executable: request.executable, in: request.directory, engine: name)
        request.progress.say(
            "embedded Kafka cluster of \(size) brokers up at \(broker.bootstrapServers) in "
                + "\(Format.decimal((clock.now - started).seconds, places: 1)) s (librdkafka mock, own process)")
        let control = broker.controlURL
        var limits = Dictionary(
            uniqueKeysWithValues: BrokerProcessFault.allCases.filter { !processFaults.contains($0) }.map {
                ($0, "a replicated broker is faulted one node at a time (broker_node_lost)")
            })
        limits[.quorumLoss] = quorumLossLimit
        return LabBroker(
            owned: broker.bootstrapServers, engine: name, controlURL: control,
            controls: BrokerControls(
                processID: { broker.pid }, stop: { await broker.stop() },
                nodeAction: { action in try await perform(action, controlURL: control) },
                limits: limits))
    }

    /// A node fault through the broker's control endpoint; a killed node comes back after its time.
    static func perform(_ action: BrokerNodeAction, controlURL: String) async throws -> String {
        switch action {
        case .kill(let topic, let restartAfter):
            let did = try await EmbeddedKafka.nodeAction("kill", leaderOf: topic, controlURL: controlURL)
            try await Task.sleep(for: restartAfter)
            let back = try await EmbeddedKafka.nodeAction("restore", leaderOf: nil, controlURL: controlURL)
            return "\(did); after \(Int(restartAfter.milliseconds)) ms: \(back)"
        case .pause(let topic):
            return try await EmbeddedKafka.nodeAction("pause", leaderOf: topic, controlURL: controlURL)
        case .killMajority:
            throw NotSupported(quorumLossLimit)
        case .restore:
            return try await EmbeddedKafka.nodeAction("restore", leaderOf: nil, controlURL: controlURL)
        }
    }

    struct NotSupported: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }
}

extension KafkaClusterBroker: DetachedBrokerEngine {
    public static let detachedHelp = """
        The embedded broker as a cluster of three (librdkafka's mock, one process). `start` prints \
        KAFKA_BROKERS=… (all three) and KAFKA_MOCK_CONTROL=…; topics made through the control endpoint \
        (PUT /topics/NAME?partitions=N&replication=3) get their leaders spread over the brokers, and \
        POST /nodes/kill?leader_of=TOPIC, /nodes/pause?leader_of=TOPIC and /nodes/restore fault a node \
        (GET /nodes says who leads what). The mock keeps one copy of each log whoever leads it.
        """

    public static func startDetached(in directory: String, executable: String) async throws -> [String] {
        let broker = try await EmbeddedKafka.start(executable: executable, in: directory, engine: name)
        return ["\(environmentVariable)=\(broker.bootstrapServers)", "KAFKA_MOCK_CONTROL=\(broker.controlURL)"]
    }

    public static func stopDetached(in directory: String) async throws -> String? {
        try await KafkaBroker.stopDetached(in: directory)
    }

    public static func status(in directory: String) -> (running: Bool, description: String)? {
        KafkaBroker.status(in: directory)
    }

    public static func runInForeground(in directory: String) async throws {
        try await EmbeddedKafkaServer(directory: directory, brokers: size).run()
    }
}
