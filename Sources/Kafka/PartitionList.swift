import CRdKafka

/// An `rd_kafka_topic_partition_list_t`, owned: destroyed with this value,
/// so no caller builds and frees one by hand.
final class PartitionList {
    let pointer: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>

    /// An empty list with room for `capacity` entries (it grows as needed).
    init(capacity: Int) {
        pointer = rd_kafka_topic_partition_list_new(Int32(max(capacity, 1)))
    }

    /// Takes ownership of a list librdkafka returned (e.g. from `rd_kafka_assignment`).
    init(taking pointer: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>) {
        self.pointer = pointer
    }

    deinit {
        rd_kafka_topic_partition_list_destroy(pointer)
    }

    /// Adds a partition, with an offset when one is given.
    func add(topic: String, partition: Int32, offset: Int64? = nil) {
        let element = rd_kafka_topic_partition_list_add(pointer, topic, partition)
        if let offset { element?.pointee.offset = offset }
    }

    var count: Int { Int(pointer.pointee.cnt) }

    subscript(index: Int) -> rd_kafka_topic_partition_t {
        get { pointer.pointee.elems[index] }
        set { pointer.pointee.elems[index] = newValue }
    }

    /// Sets every entry's offset.
    func setOffsets(_ offset: Int64) {
        for index in 0..<count { pointer.pointee.elems[index].offset = offset }
    }

    /// The consumer's current assignment.
    static func assignment(of consumer: OpaquePointer) throws(KafkaError) -> PartitionList {
        var assignment: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?
        let error = rd_kafka_assignment(consumer, &assignment)
        guard error == RD_KAFKA_RESP_ERR_NO_ERROR, let assignment else { throw KafkaError("assignment", error) }
        return PartitionList(taking: assignment)
    }
}
