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

    /// One entry per item, quantities added up, in first-seen order: an
    /// order may list an item on several lines, a reservation takes it once.
    public static func merged(_ quantities: [ItemQuantity]) -> [ItemQuantity] {
        var totals: [String: Int] = [:]
        var order: [String] = []
        for line in quantities {
            if totals[line.itemID] == nil { order.append(line.itemID) }
            totals[line.itemID, default: 0] += line.quantity
        }
        return order.map { ItemQuantity(itemID: $0, quantity: totals[$0, default: 0]) }
    }
}
