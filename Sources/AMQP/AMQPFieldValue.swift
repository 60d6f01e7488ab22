/// A value in an AMQP field table: queue arguments such as
/// `x-dead-letter-exchange`, or message headers.
public enum AMQPFieldValue: Sendable, Hashable {
    case string(String)
    case int(Int64)
    case bool(Bool)
}

extension AMQPFieldValue {
    /// The value as header bytes: a string's UTF-8, a number or flag as its text.
    public var bytes: [UInt8]? {
        switch self {
        case .string(let text): Array(text.utf8)
        case .int(let number): Array(String(number).utf8)
        case .bool(let flag): Array(String(flag).utf8)
        }
    }
}
