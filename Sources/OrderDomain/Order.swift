/// An order as it travels between the services of every part.
public struct Order: Codable, Sendable, Hashable {
    public var orderID: String
    public var userID: String
    public var items: [OrderLine]
    public var totalAmount: Double
    public var status: OrderStatus
    public var timestamp: Timestamp

    public init(
        orderID: String, userID: String, items: [OrderLine], status: OrderStatus = .placed,
        timestamp: Timestamp = .now()
    ) {
        self.orderID = orderID
        self.userID = userID
        self.items = items
        self.totalAmount = items.reduce(0) { $0 + Double($1.quantity) * $1.price }
        self.status = status
        self.timestamp = timestamp
    }

    enum CodingKeys: String, CodingKey {
        case orderID = "order_id"
        case userID = "user_id"
        case items
        case totalAmount = "total_amount"
        case status
        case timestamp
    }

    /// The quantities to reserve, one entry per item even when the order lists
    /// an item on several lines.
    public var quantitiesByItem: [ItemQuantity] {
        ItemQuantity.merged(items.map { ItemQuantity(itemID: $0.itemID, quantity: $0.quantity) })
    }
}
