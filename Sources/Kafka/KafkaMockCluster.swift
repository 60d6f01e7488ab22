import CRdKafka

/// librdkafka's mock cluster: a Kafka-protocol broker in this process,
/// listening on loopback TCP, so other processes and real clients (kcat)
/// connect to it. In memory only; each partition keeps about its newest
/// 5 MiB of records, so size partition counts for the workload.
public final class KafkaMockCluster: @unchecked Sendable {
    // Why @unchecked Sendable is safe: `cluster` is created in init and only
    // used by createTopic, which librdkafka serves through the mock's own
    // thread (its API is thread-safe), and destroyed in deinit.
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
        bootstrapServers = String(cString: rd_kafka_mock_cluster_bootstraps(cluster))
    }

    public func createTopic(_ name: String, partitions: Int) throws(KafkaError) {
        let error = rd_kafka_mock_topic_create(cluster, name, Int32(partitions), 1)
        guard error == RD_KAFKA_RESP_ERR_NO_ERROR else { throw KafkaError("create topic \(name)", error) }
    }

    deinit {
        rd_kafka_mock_cluster_destroy(cluster)
    }
}
