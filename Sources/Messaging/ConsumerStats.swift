import Synchronization

/// Counters a consumer keeps for the lab: what happened to the messages it got.
/// ``ProcessingLoop`` counts what every consumer does (received, retried,
/// dead-lettered); handlers count their own outcomes.
public final class ConsumerStats: Sendable {
    private let counts = Mutex(Snapshot())

    public struct Snapshot: Codable, Sendable, Hashable {
        public var received = 0
        public var reserved = 0
        public var rejected = 0
        public var released = 0
        /// Redeliveries or duplicates recognised by their id: no effect repeated.
        public var replayed = 0
        public var notified = 0
        public var retried = 0
        public var deadLettered = 0

        public init() {}

        enum CodingKeys: String, CodingKey {
            case received, reserved, rejected, released, replayed, notified, retried
            case deadLettered = "dead_lettered"
        }
    }

    public init() {}

    public func update(_ change: (inout Snapshot) -> Void) {
        counts.withLock { change(&$0) }
    }

    public var snapshot: Snapshot { counts.withLock { $0 } }
}
