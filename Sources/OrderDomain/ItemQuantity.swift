/// A quantity of one item, as reserved or released by the inventory.
public struct ItemQuantity: Codable, Sendable, Hashable {
    public var itemID: String
    public var quantity: Int

    public init(itemID: String, quantity: Int) {
        self.itemID = itemID
        self.quantity = quantity
    }

    enum CodingKeys: String, CodingKey {
        case itemID = "item_id"
        case quantity
    }
}
