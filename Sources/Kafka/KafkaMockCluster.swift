import CRdKafka

/// librdkafka's mock cluster: a Kafka-protocol broker in this process,
/// listening on loopback TCP, so other processes and real clients (kcat)
/// connect to it. In memory only; each partition keeps about its newest
/// 5 MiB of records, so size partition counts for the workload.
public final class KafkaMockCluster: @unchecked Sendable {
    // Why @unchecked Sendable is safe: `cluster` is created in init, used only
    // through the rd_kafka_mock_* calls below, which librdkafka serves on the
    // mock's own thread (its API is thread-safe), and destroyed in deinit.
    private let handle: KafkaHandle
    private let cluster: OpaquePointer
    /// `host:port` of the brokers, for `bootstrap.servers`.
    public let bootstrapServers: String

    public init(brokers: Int = 1) throws(KafkaError) {
        handle = try KafkaHandle(type: RD_KAFKA_PRODUCER, conf: try KafkaConfiguration.makeConf([:]))
        guard let cluster = rd_kafka_mock_cluster_new(handle.pointer, Int32(brokers)) else {
            throw KafkaError(operation: "rd_kafka_mock_cluster_new", code: -1, reason: "the mock cluster did not start")
        }
        self.cluster = cluster
        brokerIDs = (1...Int32(max(1, brokers))).map { $0 }
        bootstrapServers = String(cString: rd_kafka_mock_cluster_bootstraps(cluster))
    }

    /// The brokers' ids: 1 … the count it was made with.
    public let brokerIDs: [Int32]

    /// A topic whose partitions are replicated on `replicationFactor` brokers (in the mock's metadata: it
    /// keeps one copy of each partition's log, whichever broker leads it).
    public func createTopic(_ name: String, partitions: Int, replicationFactor: Int = 1) throws(KafkaError) {
        let error = rd_kafka_mock_topic_create(cluster, name, Int32(partitions), Int32(replicationFactor))
        guard error == RD_KAFKA_RESP_ERR_NO_ERROR else { throw KafkaError("create topic \(name)", error) }
    }

    /// Makes `broker` lead `partition` of `topic`; clients learn it from their next metadata request.
    public func setLeader(topic: String, partition: Int32, broker: Int32) throws(KafkaError) {
        let error = rd_kafka_mock_partition_set_leader(cluster, topic, partition, broker)
        guard error == RD_KAFKA_RESP_ERR_NO_ERROR else { throw KafkaError("lead \(topic)[\(partition)]", error) }
    }

    /// Makes `broker` the coordinator of consumer group `group`.
    public func setGroupCoordinator(group: String, broker: Int32) throws(KafkaError) {
        let error = rd_kafka_mock_coordinator_set(cluster, "group", group, broker)
        guard error == RD_KAFKA_RESP_ERR_NO_ERROR else { throw KafkaError("coordinate group \(group)", error) }
    }

    /// Down: the broker's connections closed and new ones refused (leadership does not move by itself).
    public func setBroker(_ broker: Int32, up: Bool) throws(KafkaError) {
        let error = up ? rd_kafka_mock_broker_set_up(cluster, broker) : rd_kafka_mock_broker_set_down(cluster, broker)
        guard error == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaError("broker \(broker) \(up ? "up" : "down")", error)
        }
    }

    /// Holds every answer of `broker` for `milliseconds` (0: none).
    public func setRoundTrip(_ broker: Int32, milliseconds: Int) throws(KafkaError) {
        let error = rd_kafka_mock_broker_set_rtt(cluster, broker, Int32(milliseconds))
        guard error == RD_KAFKA_RESP_ERR_NO_ERROR else { throw KafkaError("broker \(broker) rtt", error) }
    }

    deinit {
        rd_kafka_mock_cluster_destroy(cluster)
    }
}
