/// Why a message from a broker cannot be processed: it is dead-lettered with
/// this reason instead of blocking the queue or crashing the consumer.
public enum EventValidationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Not JSON, or not the event's shape.
    case undecodable(String)
    /// The right shape with unusable values.
    case invalid(String)

    public var description: String {
        switch self {
        case .undecodable(let detail): "not a decodable event: \(detail)"
        case .invalid(let detail): "invalid event: \(detail)"
        }
    }
}
