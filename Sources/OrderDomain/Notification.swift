/// The confirmation a customer receives for a reserved order.
public struct Notification: Codable, Sendable, Hashable {
    public var orderID: String
    public var userID: String
    public var message: String
    public var timestamp: Timestamp
    /// When the order was placed, where known: end-to-end latency is `timestamp - placedAt`.
    public var placedAt: Timestamp?

    public init(
        orderID: String, userID: String, message: String, timestamp: Timestamp = .now(), placedAt: Timestamp? = nil
    ) {
        self.orderID = orderID
        self.userID = userID
        self.message = message
        self.timestamp = timestamp
        self.placedAt = placedAt
    }

    enum CodingKeys: String, CodingKey {
        case orderID = "order_id"
        case userID = "user_id"
        case message, timestamp
        case placedAt = "placed_at"
    }
}
