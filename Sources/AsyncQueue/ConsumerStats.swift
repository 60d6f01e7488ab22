import Synchronization

/// Counters a consumer keeps for the lab: what it did with the messages it got.
public final class ConsumerStats: Sendable {
    private let counts = Mutex(Snapshot())

    public struct Snapshot: Codable, Sendable, Hashable {
        public var received = 0
        public var reserved = 0
        public var rejected = 0
        /// Redeliveries or duplicates recognised by message id: stock untouched.
        public var replayed = 0
        public var deadLettered = 0
        public var notified = 0

        enum CodingKeys: String, CodingKey {
            case received, reserved, rejected, replayed, notified
            case deadLettered = "dead_lettered"
        }
    }

    public init() {}

    public func update(_ change: (inout Snapshot) -> Void) {
        counts.withLock { change(&$0) }
    }

    public var snapshot: Snapshot { counts.withLock { $0 } }
}
