import CRdKafka

/// An rd_kafka_t: librdkafka's client handle, destroyed with this object.
final class KafkaHandle: @unchecked Sendable {
    // Why @unchecked Sendable is safe: librdkafka documents rd_kafka_t as
    // thread-safe for every call this project makes from several threads
    // (produce, poll for delivery reports, commit, committed, watermarks,
    // metadata); the consumer poll is only ever called from one task, the
    // KafkaConsumer's poll loop. `pointer` itself never changes after init.
    let pointer: OpaquePointer
    private let destroyed = RunFlag()

    init(type: rd_kafka_type_t, conf: OpaquePointer) throws(KafkaError) {
        var buffer = [CChar](repeating: 0, count: 512)
        guard let handle = rd_kafka_new(type, conf, &buffer, buffer.count) else {
            rd_kafka_conf_destroy(conf)
            throw KafkaError(
                operation: "rd_kafka_new", code: -1,
                reason: String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        pointer = handle
    }

    /// Destroys the handle now instead of at deinit; the owner must make no
    /// further calls (KafkaProducer.close ensures its poll thread has ended).
    func close() {
        guard destroyed.isRunning else { return }
        destroyed.stop()
        rd_kafka_destroy(pointer)
    }

    deinit {
        close()
    }
}

extension KafkaHandle {
    /// The partition ids of `topic`, from a metadata request: librdkafka then also knows their leaders,
    /// so records sent to the topic afterwards need not wait for its own metadata refresh.
    func partitions(of topic: String, timeoutMilliseconds: Int32 = 5_000) throws(KafkaError) -> [Int32] {
        guard let topicHandle = rd_kafka_topic_new(pointer, topic, nil) else {
            throw KafkaError(operation: "topic \(topic)", code: -1, reason: "cannot create a topic handle")
        }
        defer { rd_kafka_topic_destroy(topicHandle) }
        var metadata: UnsafePointer<rd_kafka_metadata>?
        let error = rd_kafka_metadata(pointer, 0, topicHandle, &metadata, timeoutMilliseconds)
        guard error == RD_KAFKA_RESP_ERR_NO_ERROR, let metadata else { throw KafkaError("metadata of \(topic)", error) }
        defer { rd_kafka_metadata_destroy(metadata) }
        guard metadata.pointee.topic_cnt > 0 else { return [] }
        let described = metadata.pointee.topics[0]
        return (0..<Int(described.partition_cnt)).map { described.partitions[$0].id }
    }
}
