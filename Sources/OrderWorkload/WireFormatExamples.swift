import OrderDomain

/// The fixed order every part's wire-format section shows: seed 003's example
/// order, with commlab's additions.
public enum WireFormatExamples {
    public static let placedAt = Timestamp(iso8601: "2024-01-15T10:30:00.000000Z")!
    public static let decidedAt = Timestamp(iso8601: "2024-01-15T10:30:00.004210Z")!

    public static let orderPlaced = OrderPlaced(
        order: Order(
            orderID: "order_000001", userID: "user_123", items: [OrderLine(itemID: "burger", quantity: 2, price: 10.0)],
            timestamp: placedAt),
        messageID: "6f1c2b1e-8d3a-4f0e-9a57-3c2d1e0f9b84")

    /// Inventory's two possible decisions about the example order.
    public static let reserved = InventoryOutcome(
        for: orderPlaced, outcome: .reserved(orderPlaced.order.quantitiesByItem), timestamp: decidedAt)
    public static let failed = InventoryOutcome(
        for: orderPlaced, outcome: .rejected(.insufficientStock(itemID: "burger", requested: 2, available: 1)),
        timestamp: decidedAt)

    public static let note = """
        Generated from the code's own encoders by a test (it fails when this section
        differs from what the code sends). Keys are sorted and indented here; on the
        wire the JSON is compact. `OrderPlaced` has the seeds' flat shape (seed 003,
        "Event Structure") plus `message_id`; readers ignore unknown fields, a
        missing `message_id` falls back to `order_id`, and a timestamp without a zone
        is UTC. Timestamps carry microseconds.
        """
}
