import GRDB
import OrderDomain

/// The packaging robot's record of every pizza it boxed, in SQLite: a pizza
/// delivered again (after a crash upstream or its own) is recognised and not
/// packaged twice.
public final class PackagingLedger: Sendable {
    private let database: any DatabaseWriter

    /// The tables, as migrations (see ``StoreSchema``).
    static let schema = StoreSchema(
        (
            "packaging ledger v1",
            """
                CREATE TABLE IF NOT EXISTS packaged (
                    pizza_id INTEGER PRIMARY KEY NOT NULL,
                    order_id INTEGER NOT NULL,
                    packaged_ms INTEGER NOT NULL
                );
                CREATE TABLE IF NOT EXISTS repeats (n INTEGER NOT NULL);
            """
        ))

    public init(store: LedgerStore) throws {
        database = try store.open(schema: Self.schema)
    }

    /// Records the pizza as packaged; returns false (and counts a repeat) when it was before.
    public func package(pizzaId: Int, orderId: Int, at time: Int64) async throws -> Bool {
        try await database.write { db in
            try db.execute(
                sql: "INSERT OR IGNORE INTO packaged (pizza_id, order_id, packaged_ms) VALUES (?, ?, ?)",
                arguments: [pizzaId, orderId, time])
            if db.changesCount == 1 { return true }
            try db.execute(sql: "INSERT INTO repeats (n) VALUES (1)")
            return false
        }
    }

    public struct Counts: Codable, Sendable, Hashable {
        public var packaged: Int
        /// Deliveries of a pizza already packaged: recognised, not packaged again.
        public var repeats: Int
    }

    public func counts() async throws -> Counts {
        try await database.read { db in
            Counts(
                packaged: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM packaged") ?? 0,
                repeats: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM repeats") ?? 0)
        }
    }
}
