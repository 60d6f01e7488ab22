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
