/// One item of an order: what, how many, at what unit price.
public struct OrderLine: Codable, Sendable, Hashable {
    public var itemID: String
    public var quantity: Int
    public var price: Double

    public init(itemID: String, quantity: Int, price: Double) {
        self.itemID = itemID
        self.quantity = quantity
        self.price = price
    }

    enum CodingKeys: String, CodingKey {
        case itemID = "item_id"
        case quantity
        case price
    }
}
