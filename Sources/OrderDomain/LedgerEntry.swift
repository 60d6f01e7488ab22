/// One decided reservation as the ledger holds it: what the comparison counts
/// per order id (reserved once, never twice) instead of inferring it from totals.
public struct LedgerEntry: Codable, Sendable, Hashable {
    public var orderID: String
    /// `reserved`, `rejected` or `released`.
    public var state: String
    /// Units taken per item while `reserved`; empty otherwise.
    public var lines: [ItemQuantity]
    public var decidedMicroseconds: Int64

    public init(orderID: String, state: String, lines: [ItemQuantity], decidedMicroseconds: Int64) {
        self.orderID = orderID
        self.state = state
        self.lines = lines
        self.decidedMicroseconds = decidedMicroseconds
    }

    enum CodingKeys: String, CodingKey {
        case orderID = "order_id"
        case state, lines
        case decidedMicroseconds = "decided_us"
    }
}
