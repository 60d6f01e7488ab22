/// A record to produce: where it goes, its partition key, its value and headers.
public struct KafkaRecord: Sendable, Hashable {
    public var topic: String
    /// nil lets the producer choose the partition.
    public var key: [UInt8]?
    public var value: [UInt8]
    public var headers: [String: [UInt8]]

    public init(topic: String, key: [UInt8]?, value: [UInt8], headers: [String: [UInt8]] = [:]) {
        self.topic = topic
        self.key = key
        self.value = value
        self.headers = headers
    }
}
