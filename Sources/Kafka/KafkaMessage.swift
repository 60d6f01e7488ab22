/// One record read from a topic partition.
public struct KafkaMessage: Sendable {
    public var topic: String
    public var partition: Int32
    public var offset: Int64
    public var key: [UInt8]?
    public var value: [UInt8]
    public var headers: [String: [UInt8]]
    /// Milliseconds since the epoch, as the producer or broker stamped it.
    public var timestampMilliseconds: Int64
    /// How many times the consumer had rewound when it read this record: a
    /// record read before a rewind (still buffered) has an older epoch.
    public var epoch: UInt64

    public init(
        topic: String, partition: Int32, offset: Int64, key: [UInt8]?, value: [UInt8], headers: [String: [UInt8]] = [:],
        timestampMilliseconds: Int64 = 0, epoch: UInt64 = 0
    ) {
        self.epoch = epoch
        self.topic = topic
        self.partition = partition
        self.offset = offset
        self.key = key
        self.value = value
        self.headers = headers
        self.timestampMilliseconds = timestampMilliseconds
    }
}

/// Where a produced record landed, once the broker acknowledged it.
public struct KafkaDeliveryReport: Sendable, Hashable {
    public var topic: String
    public var partition: Int32
    public var offset: Int64
}

/// One partition's committed offset, high watermark and their difference.
public struct KafkaPartitionLag: Codable, Sendable, Hashable {
    public var topic: String
    public var partition: Int32
    /// Next offset the group will read; -1 when it has committed nothing.
    public var committed: Int64
    public var highWatermark: Int64
    public var lag: Int64

    enum CodingKeys: String, CodingKey {
        case topic, partition, committed, lag
        case highWatermark = "high_watermark"
    }
}

/// A position to commit: the next offset a group should read from a partition.
public struct KafkaPartitionPosition: Sendable, Hashable {
    public var topic: String
    public var partition: Int32
    public var nextOffset: Int64

    public init(topic: String, partition: Int32, nextOffset: Int64) {
        self.topic = topic
        self.partition = partition
        self.nextOffset = nextOffset
    }
}
