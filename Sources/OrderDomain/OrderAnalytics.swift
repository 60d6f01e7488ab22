import Foundation
import GRDB

/// The analytics consumer's state: every event it counted, by event id, in
/// SQLite. Totals are counts over that table, so an event delivered again
/// (after a crash, before its commit) is never counted twice, and a replay
/// rebuilds the same totals from the log.
public final class OrderAnalytics: Sendable {
    private let database: DatabaseQueue

    public init(store: LedgerStore) throws {
        database = try store.open()
        try database.write { db in
            try db.execute(
                sql: """
                    CREATE TABLE IF NOT EXISTS analytics_events (
                        event_id TEXT PRIMARY KEY NOT NULL,
                        kind TEXT NOT NULL,
                        minute INTEGER NOT NULL
                    )
                    """)
        }
    }

    /// What an event counts as.
    public enum Kind: String, Sendable {
        case orderPlaced = "order_placed"
        case orderFailed = "order_failed"
        case inventoryReserved = "inventory_reserved"
        case inventoryFailed = "inventory_failed"
        case malformed
    }

    /// Counts an event once; returns false when it was counted before.
    @discardableResult
    public func record(eventID: String, kind: Kind, at time: Timestamp) async throws -> Bool {
        try await database.write { db in
            let insert = try db.cachedStatement(
                sql: "INSERT OR IGNORE INTO analytics_events (event_id, kind, minute) VALUES (?, ?, ?)")
            try insert.execute(arguments: [eventID, kind.rawValue, time.microsecondsSinceEpoch / 60_000_000])
            return db.changesCount == 1
        }
    }

    /// Forgets everything, before rebuilding from the log.
    public func reset() async throws {
        try await database.write { db in try db.execute(sql: "DELETE FROM analytics_events") }
    }

    public func metrics() async throws -> AnalyticsMetrics {
        try await database.read { db in
            var counts: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT kind, COUNT(*) AS n FROM analytics_events GROUP BY kind") {
                counts[row["kind"]] = row["n"]
            }
            var perMinute: [String: Int] = [:]
            for row in try Row.fetchAll(
                db,
                sql:
                    "SELECT minute, COUNT(*) AS n FROM analytics_events WHERE kind IN ('order_placed', 'order_failed') GROUP BY minute"
            ) {
                let minute: Int64 = row["minute"]
                perMinute[Timestamp(microsecondsSinceEpoch: minute * 60_000_000).iso8601] = row["n"]
            }
            let successful = counts[Kind.orderPlaced.rawValue] ?? 0
            let failed = counts[Kind.orderFailed.rawValue] ?? 0
            let total = successful + failed
            return AnalyticsMetrics(
                totalOrders: total, successfulOrders: successful, failedOrders: failed,
                failureRate: total == 0 ? 0 : Double(failed) / Double(total),
                inventoryReserved: counts[Kind.inventoryReserved.rawValue] ?? 0,
                inventoryFailed: counts[Kind.inventoryFailed.rawValue] ?? 0,
                malformed: counts[Kind.malformed.rawValue] ?? 0, ordersPerMinute: perMinute)
        }
    }
}

/// `GET /metrics`: what the analytics consumer has counted.
public struct AnalyticsMetrics: Codable, Sendable, Hashable {
    public var totalOrders: Int
    public var successfulOrders: Int
    public var failedOrders: Int
    public var failureRate: Double
    public var inventoryReserved: Int
    public var inventoryFailed: Int
    public var malformed: Int
    /// Orders per minute of event time, keyed by the minute's start.
    public var ordersPerMinute: [String: Int]

    enum CodingKeys: String, CodingKey {
        case totalOrders = "total_orders"
        case successfulOrders = "successful_orders"
        case failedOrders = "failed_orders"
        case failureRate = "failure_rate"
        case inventoryReserved = "inventory_reserved"
        case inventoryFailed = "inventory_failed"
        case malformed
        case ordersPerMinute = "orders_per_minute"
    }
}
