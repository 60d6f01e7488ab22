import Synchronization

/// Counters a streaming consumer keeps for the lab.
public final class StreamStats: Sendable {
    private let counts = Mutex(Snapshot())

    public struct Snapshot: Codable, Sendable, Hashable {
        public var consumed = 0
        public var reserved = 0
        public var rejected = 0
        public var released = 0
        public var replayed = 0
        public var deadLettered = 0

        enum CodingKeys: String, CodingKey {
            case consumed, reserved, rejected, released, replayed
            case deadLettered = "dead_lettered"
        }
    }

    public init() {}

    public func update(_ change: (inout Snapshot) -> Void) {
        counts.withLock { change(&$0) }
    }

    public var snapshot: Snapshot { counts.withLock { $0 } }
}
