import GRDB

/// The ledger's stock as its writer last committed it, and what the current
/// transaction changed (see ``InventoryLedger``; held between transactions by
/// a ``WriterMemory``).
struct StockInHand: Sendable {
    private var quantities: [String: Int]
    private var changed: Set<String> = []

    /// The stock table, read inside the transaction that will use it.
    @Sendable static func read(_ db: Database) throws -> StockInHand {
        var quantities: [String: Int] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT item_id, quantity FROM stock") {
            quantities[row["item_id"]] = row["quantity"]
        }
        return StockInHand(quantities: quantities)
    }

    private init(quantities: [String: Int]) {
        self.quantities = quantities
    }

    /// Units of an item on hand; nil for an item the inventory does not stock.
    subscript(itemID: String) -> Int? { quantities[itemID] }

    /// Takes (negative) or returns units of a stocked item; an item not stocked is left alone.
    mutating func change(_ itemID: String, by delta: Int) {
        guard let quantity = quantities[itemID] else { return }
        quantities[itemID] = quantity + delta
        changed.insert(itemID)
    }

    /// Writes the items changed since the copy was read or last written, inside the transaction.
    mutating func writeChanges(_ db: Database) throws {
        guard !changed.isEmpty else { return }
        let update = try db.cachedStatement(sql: "UPDATE stock SET quantity = ? WHERE item_id = ?")
        for itemID in changed {
            try update.execute(arguments: [quantities[itemID], itemID])
        }
        changed = []
    }
}
