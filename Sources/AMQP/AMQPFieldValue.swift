/// A value in an AMQP field table: queue arguments such as
/// `x-dead-letter-exchange`, or message headers.
public enum AMQPFieldValue: Sendable, Hashable {
    case string(String)
    case int(Int64)
    case bool(Bool)
}
