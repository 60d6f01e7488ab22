import GRDB
import OrderDomain

/// Part A's order service's durable list of orders it could not confirm: each
/// must be cancelled at the notification service and its stock given back.
/// Written before the client gets its error answer, so the compensation
/// survives the order service dying right after (it was an in-memory task).
public final class CompensationOutbox: Sendable {
    private let database: any DatabaseWriter

    /// The tables, as migrations (see ``StoreSchema``).
    static let schema = StoreSchema(
        (
            "compensation outbox v1",
            """
                CREATE TABLE IF NOT EXISTS pending_compensations (
                    order_id TEXT PRIMARY KEY NOT NULL,
                    reason TEXT NOT NULL,
                    queued_us INTEGER NOT NULL,
                    attempts INTEGER NOT NULL DEFAULT 0
                )
            """
        ))

    public init(store: LedgerStore) throws {
        database = try store.open(schema: Self.schema)
    }

    /// Notes that `orderID` must be compensated (idempotent).
    public func enqueue(_ orderID: String, reason: String) async throws {
        try await database.write { db in
            try db.execute(
                sql: "INSERT OR IGNORE INTO pending_compensations (order_id, reason, queued_us) VALUES (?, ?, ?)",
                arguments: [orderID, reason, Timestamp.now().microsecondsSinceEpoch])
        }
    }

    /// The orders still to compensate, oldest first.
    public func pending(limit: Int = 100) async throws -> [String] {
        try await database.read { db in
            try String.fetchAll(
                db, sql: "SELECT order_id FROM pending_compensations ORDER BY queued_us LIMIT ?", arguments: [limit])
        }
    }

    /// The compensation of `orderID` is done (or was not needed).
    public func finished(_ orderID: String) async throws {
        try await database.write { db in
            try db.execute(sql: "DELETE FROM pending_compensations WHERE order_id = ?", arguments: [orderID])
        }
    }

    public func count() async throws -> Int {
        try await database.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM pending_compensations") ?? 0
        }
    }
}
