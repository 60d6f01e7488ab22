/// One live reading of a model's transport: a queue's depth or consumers (B),
/// a group's lag on a partition or the dead letters (C).
public struct TransportGauge: Codable, Sendable, Hashable {
    public enum Kind: String, Codable, Sendable {
        case queueDepth = "queue_depth"
        case consumers
        case lag
        case deadLetters = "dead_letters"
    }

    public var kind: Kind
    /// What it is of, e.g. `inventory.order-placed` or `inventory-service/order-events/2`.
    public var name: String
    public var value: Int64
    /// Part of the work waiting for the inventory (B: the orders queue; C: the inventory group's lag).
    public var isBacklog: Bool

    /// Part of the work waiting for the order's other reader (B: the notification queue; C, D: the analytics
    /// reader's lag): what cutting that reader's link piles up.
    public var isReaderBacklog: Bool

    public init(kind: Kind, name: String, value: Int64, isBacklog: Bool = false, isReaderBacklog: Bool = false) {
        self.kind = kind
        self.name = name
        self.value = value
        self.isBacklog = isBacklog
        self.isReaderBacklog = isReaderBacklog
    }

    enum CodingKeys: String, CodingKey {
        case kind, name, value
        case isBacklog = "is_backlog"
        case isReaderBacklog = "is_reader_backlog"
    }
}
