import GRDB

/// The ledger's stock as its writer last committed it, and what the current
/// transaction changed (see ``InventoryLedger``): kept with the
/// `data_version` it was read at, so a commit by another connection is
/// noticed and the copy read again.
struct StockInHand: Sendable {
    /// SQLite's `data_version` of the writer's connection when the copy was last known right.
    let version: Int64
    private var quantities: [String: Int]
    private var changed: Set<String> = []

    /// The stock table, read inside the transaction that will use it.
    static func read(_ db: Database, version: Int64) throws -> StockInHand {
        var quantities: [String: Int] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT item_id, quantity FROM stock") {
            quantities[row["item_id"]] = row["quantity"]
        }
        return StockInHand(version: version, quantities: quantities)
    }

    private init(version: Int64, quantities: [String: Int]) {
        self.version = version
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
