import Metrics
import Synchronization

/// Counters a consumer keeps: what happened to the messages it got.
/// ``ProcessingLoop`` counts what every consumer does (received, retried,
/// dead-lettered); handlers count their own outcomes.
///
/// Each count is kept twice: in a snapshot the service serves as
/// `GET /stats` (what the lab's scenarios read), and as a swift-metrics
/// counter `commlab_consumer_messages_total{service, outcome}`, so a metrics
/// backend bootstrapped by the process can scrape the same numbers.
public final class ConsumerStats: Sendable {
    /// What one count is of.
    public enum Outcome: String, CaseIterable, Sendable {
        case received, reserved, rejected, released, replayed, notified, retried
        case deadLettered = "dead_lettered"
        /// Received with the broker's mark of a message handed out before (AMQP's `redelivered`).
        case redelivered
    }

    private let counts = Mutex(Snapshot())
    private let counters: [Outcome: Counter]

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
        /// Received marked as handed out before (to a consumer lost, or one that gave it back).
        public var redelivered = 0

        public init() {}

        enum CodingKeys: String, CodingKey {
            case received, reserved, rejected, released, replayed, notified, retried, redelivered
            case deadLettered = "dead_lettered"
        }

        subscript(outcome: Outcome) -> Int {
            get {
                switch outcome {
                case .received: received
                case .reserved: reserved
                case .rejected: rejected
                case .released: released
                case .replayed: replayed
                case .notified: notified
                case .retried: retried
                case .deadLettered: deadLettered
                case .redelivered: redelivered
                }
            }
            set {
                switch outcome {
                case .received: received = newValue
                case .reserved: reserved = newValue
                case .rejected: rejected = newValue
                case .released: released = newValue
                case .replayed: replayed = newValue
                case .notified: notified = newValue
                case .retried: retried = newValue
                case .deadLettered: deadLettered = newValue
                case .redelivered: redelivered = newValue
                }
            }
        }
    }

    /// `service` names the consumer in the metrics' dimensions, e.g. `inventory`;
    /// `factory` is the metrics backend (the process's bootstrapped one by default).
    public init(service: String = "consumer", factory: any MetricsFactory = MetricsSystem.factory) {
        var counters: [Outcome: Counter] = [:]
        for outcome in Outcome.allCases {
            counters[outcome] = Counter(
                label: "commlab_consumer_messages_total",
                dimensions: [("service", service), ("outcome", outcome.rawValue)], factory: factory)
        }
        self.counters = counters
    }

    /// Counts `messages` messages with this outcome.
    public func count(_ outcome: Outcome, _ messages: Int = 1) {
        guard messages > 0 else { return }
        counts.withLock { $0[outcome] += messages }
        counters[outcome]?.increment(by: messages)
    }

    public var snapshot: Snapshot { counts.withLock { $0 } }
}
