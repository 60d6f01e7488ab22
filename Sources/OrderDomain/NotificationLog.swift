import GRDB

/// Every confirmation sent, at most one per order: sending again for the same
/// order (a retry, a redelivery) records nothing new.
public final class NotificationLog: Sendable {
    private let database: any DatabaseWriter

    public init(store: LedgerStore) throws {
        database = try store.open()
        try database.write { db in
            try db.execute(
                sql: """
                    CREATE TABLE IF NOT EXISTS notifications (
                        order_id TEXT PRIMARY KEY NOT NULL,
                        user_id TEXT NOT NULL,
                        message TEXT NOT NULL,
                        sent_us INTEGER NOT NULL,
                        placed_us INTEGER
                    )
                    """)
        }
    }

    /// Records `notification`; returns false when that order was notified before.
    @discardableResult
    public func record(_ notification: Notification) async throws -> Bool {
        try await database.write { db in
            let insert = try db.cachedStatement(
                sql:
                    "INSERT OR IGNORE INTO notifications (order_id, user_id, message, sent_us, placed_us) VALUES (?, ?, ?, ?, ?)"
            )
            try insert.execute(arguments: [
                notification.orderID, notification.userID, notification.message,
                notification.timestamp.microsecondsSinceEpoch, notification.placedAt?.microsecondsSinceEpoch,
            ])
            return db.changesCount == 1
        }
    }

    /// Placed-to-notified latencies (µs) of the notifications sent at or after
    /// `since`, for orders whose placement time is known.
    public func endToEndMicroseconds(since: Timestamp) async throws -> [Int64] {
        try await database.read { db in
            try Int64.fetchAll(
                db, sql: "SELECT sent_us - placed_us FROM notifications WHERE placed_us IS NOT NULL AND sent_us >= ?",
                arguments: [since.microsecondsSinceEpoch])
        }
    }

    /// When the latest notification was sent.
    public func lastSent() async throws -> Timestamp? {
        try await database.read { db in
            try Int64.fetchOne(db, sql: "SELECT MAX(sent_us) FROM notifications").map(Timestamp.init)
        }
    }

    /// How many orders were notified.
    public func count() async throws -> Int {
        try await database.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM notifications") ?? 0 }
    }
}
