import Foundation
import GRDB

/// Records a store has decided to send and not yet seen sent, kept in the
/// store's own database: written in the transaction that made the decision,
/// removed once the broker confirmed them. A crash between the two leaves
/// them here, and they are sent again, so a decision is never recorded
/// without its records surviving (a reader may then see one twice: each
/// carries its own id). The records are opaque bytes; what they are and
/// where they go is the sender's business.
public struct Outbox: Sendable {
    let database: any DatabaseWriter

    /// The records in `database`, whose store's schema lists ``step``.
    public init(database: any DatabaseWriter) {
        self.database = database
    }

    /// The table, as the migration step each owning store's schema lists.
    public static let step = (
        name: "outbox v1",
        sql: """
        CREATE TABLE IF NOT EXISTS outbox (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            record BLOB NOT NULL
        );
        """
    )

    /// Adds records inside the caller's transaction; returns their ids, in order.
    public static func add(_ db: Database, _ records: [[UInt8]]) throws -> [Int64] {
        let insert = try db.cachedStatement(sql: "INSERT INTO outbox (record) VALUES (?)")
        return try records.map { record in
            try insert.execute(arguments: [Data(record)])
            return db.lastInsertedRowID
        }
    }

    /// The oldest records still here, up to `limit`.
    public func pending(limit: Int = 1_000) async throws -> [(id: Int64, record: [UInt8])] {
        try await database.read { db in
            try Row.fetchAll(db, sql: "SELECT id, record FROM outbox ORDER BY id LIMIT ?", arguments: [limit]).map {
                row in
                let record: Data = row["record"]
                return (row["id"], [UInt8](record))
            }
        }
    }

    /// How many records are waiting.
    public func count() async throws -> Int {
        try await database.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox") ?? 0 }
    }

    /// Forgets records the broker confirmed.
    public func remove(_ ids: [Int64]) async throws {
        guard !ids.isEmpty else { return }
        try await database.write { db in
            for chunk in stride(from: 0, to: ids.count, by: 500) {
                let part = ids[chunk..<min(chunk + 500, ids.count)]
                try db.execute(
                    sql: "DELETE FROM outbox WHERE id IN (\(part.map { _ in "?" }.joined(separator: ",")))",
                    arguments: StatementArguments(Array(part)))
            }
        }
    }
}
