/// Where an order is in the workflow.
public enum OrderStatus: String, Codable, Sendable, Hashable {
    /// Accepted by the order service; inventory not yet decided.
    case placed
    /// Inventory reserved every item.
    case reserved
    /// Reserved and the customer was notified.
    case confirmed
    /// Inventory refused it, or the workflow could not complete.
    case failed
}
