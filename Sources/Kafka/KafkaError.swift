import CRdKafka

/// A librdkafka failure as a Swift error: what was being done, and librdkafka's reason.
public struct KafkaError: Error, Sendable, Hashable, CustomStringConvertible {
    public var operation: String
    public var code: Int32
    public var reason: String

    public init(operation: String, code: Int32, reason: String) {
        self.operation = operation
        self.code = code
        self.reason = reason
    }

    init(_ operation: String, _ error: rd_kafka_resp_err_t) {
        self.init(operation: operation, code: error.rawValue, reason: String(cString: rd_kafka_err2str(error)))
    }

    public var description: String { "\(operation): \(reason)" }

    /// The caller's task was cancelled before the broker answered.
    static func cancelled(_ operation: String) -> KafkaError {
        KafkaError(operation: operation, code: -1, reason: "cancelled before the broker answered")
    }
}
