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
        // An order has a handful of lines: comparing them pairwise costs less than hashing, and a list
        // already merged (the common case, and every second call) is returned as it is, unallocated.
        guard quantities.count > 1 else { return quantities }
        guard quantities.count <= 32 else { return mergedByHashing(quantities) }
        var firstRepeat: Int?
        search: for index in 1..<quantities.count {
            for earlier in 0..<index where quantities[earlier].itemID == quantities[index].itemID {
                firstRepeat = index
                break search
            }
        }
        guard let firstRepeat else { return quantities }
        var merged = Array(quantities[..<firstRepeat])
        for line in quantities[firstRepeat...] {
            if let index = merged.firstIndex(where: { $0.itemID == line.itemID }) {
                merged[index].quantity += line.quantity
            } else {
                merged.append(line)
            }
        }
        return merged
    }

    private static func mergedByHashing(_ quantities: [ItemQuantity]) -> [ItemQuantity] {
        var totals: [String: Int] = [:]
        var order: [String] = []
        for line in quantities {
            if totals[line.itemID] == nil { order.append(line.itemID) }
            totals[line.itemID, default: 0] += line.quantity
        }
        return order.map { ItemQuantity(itemID: $0, quantity: totals[$0, default: 0]) }
    }
}
