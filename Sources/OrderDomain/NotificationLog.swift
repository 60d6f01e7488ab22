import GRDB

/// Every confirmation sent, at most one per order: sending again for the same
/// order (a retry, a redelivery) records nothing new.
public final class NotificationLog: Sendable {
    private let database: any DatabaseWriter

    /// The tables, as migrations (see ``StoreSchema``).
    static let schema = StoreSchema(
        (
            "notification log v1",
            """
                CREATE TABLE IF NOT EXISTS notifications (
                    order_id TEXT PRIMARY KEY NOT NULL,
                    user_id TEXT NOT NULL,
                    message TEXT NOT NULL,
                    sent_us INTEGER NOT NULL,
                    placed_us INTEGER
                );
                CREATE TABLE IF NOT EXISTS cancelled_orders (
                    order_id TEXT PRIMARY KEY NOT NULL,
                    cancelled_us INTEGER NOT NULL
                );
            """
        ))

    public init(store: LedgerStore) throws {
        database = try store.open(schema: Self.schema)
    }

    /// What became of a confirmation to send.
    public enum SendOutcome: String, Sendable, Codable {
        case recorded
        case alreadyRecorded = "already_recorded"
        /// The order was cancelled (its stock given back) before this arrived.
        case cancelled
    }

    /// Records `notification` unless its order was cancelled; one transaction,
    /// so a send and a cancel for the same order cannot both win.
    public func send(_ notification: Notification) async throws -> SendOutcome {
        try await database.write { db in
            let cancelled = try Bool.fetchOne(
                db, sql: "SELECT 1 FROM cancelled_orders WHERE order_id = ?", arguments: [notification.orderID])
            if cancelled == true { return .cancelled }
            return try Self.insert(db, notification) ? .recorded : .alreadyRecorded
        }
    }

    /// What a cancel found.
    public enum CancelOutcome: String, Sendable, Codable {
        /// Not notified; a later send for it is refused.
        case cancelled
        /// Already notified: the order stands, nothing was cancelled.
        case alreadyNotified = "already_notified"
    }

    /// Cancels an order that was not notified, so a notification that arrives
    /// late (after its caller gave up) is refused instead of confirming an
    /// order whose stock was given back.
    public func cancel(orderID: String) async throws -> CancelOutcome {
        try await database.write { db in
            let notified = try Bool.fetchOne(
                db, sql: "SELECT 1 FROM notifications WHERE order_id = ?", arguments: [orderID])
            if notified == true { return .alreadyNotified }
            try db.execute(
                sql: "INSERT OR IGNORE INTO cancelled_orders (order_id, cancelled_us) VALUES (?, ?)",
                arguments: [orderID, Timestamp.now().microsecondsSinceEpoch])
            return .cancelled
        }
    }

    /// Records `notification`; returns false when that order was notified before.
    @discardableResult
    public func record(_ notification: Notification) async throws -> Bool {
        try await database.write { db in try Self.insert(db, notification) }
    }

    /// ``record(_:)`` for many, in one transaction: true for each that was new.
    public func record(_ notifications: [Notification]) async throws -> [Bool] {
        guard !notifications.isEmpty else { return [] }
        return try await database.write { db in try notifications.map { try Self.insert(db, $0) } }
    }

    private static func insert(_ db: Database, _ notification: Notification) throws -> Bool {
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

    /// Placed-to-notified latencies (µs) of the notifications sent at or after
    /// `since`, for orders whose placement time is known.
    public func endToEndMicroseconds(since: Timestamp) async throws -> [Int64] {
        try await database.read { db in
            try Int64.fetchAll(
                db, sql: "SELECT sent_us - placed_us FROM notifications WHERE placed_us IS NOT NULL AND sent_us >= ?",
                arguments: [since.microsecondsSinceEpoch])
        }
    }

    /// Every notification sent at or after `since`, oldest first.
    public func sent(since: Timestamp = Timestamp(microsecondsSinceEpoch: 0)) async throws -> [SentNotification] {
        try await database.read { db in
            try Row.fetchAll(
                db, sql: "SELECT order_id, sent_us FROM notifications WHERE sent_us >= ? ORDER BY sent_us",
                arguments: [since.microsecondsSinceEpoch]
            ).map { SentNotification(orderID: $0["order_id"], sentMicroseconds: $0["sent_us"]) }
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
