import Foundation
import GRDB
import OrderDomain

/// The analytics consumer's state: every event it counted, by event id, in
/// SQLite. Totals are counted in the same transaction as the ids, so an event
/// delivered again (after a crash, before its commit) is never counted twice,
/// and a replay rebuilds the same totals from the log.
///
/// The consumer hands it a batch at a time (``record(_:)``): one transaction
/// per batch, not per event. Whether an id was counted before is answered
/// from memory (``CountedEvents``); the ids are appended to the database in
/// the transaction that counts them.
public final class OrderAnalytics: Sendable {
    private let database: any DatabaseWriter
    private let counted = WriterMemory(read: CountedEvents.read)

    /// The tables, as migrations (see ``StoreSchema``).
    static let schema = StoreSchema(
        (
            "analytics v1",
            """
                CREATE TABLE IF NOT EXISTS analytics_events (
                    event_id TEXT PRIMARY KEY NOT NULL,
                    kind TEXT NOT NULL,
                    minute INTEGER NOT NULL
                ) WITHOUT ROWID;
                CREATE TABLE IF NOT EXISTS analytics_counts (
                    kind TEXT PRIMARY KEY NOT NULL,
                    n INTEGER NOT NULL
                );
                CREATE TABLE IF NOT EXISTS analytics_orders_per_minute (
                    minute INTEGER PRIMARY KEY NOT NULL,
                    n INTEGER NOT NULL
                );
                CREATE TABLE IF NOT EXISTS analytics_replay (
                    pending INTEGER PRIMARY KEY NOT NULL CHECK (pending = 1)
                );
            """
        ),
        ReaderOffsets.step, ReaderOffsets.finishedAheadStep,
        (
            "analytics v2: counted ids appended, without an index",
            """
                CREATE TABLE analytics_counted (
                    event_id TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    minute INTEGER NOT NULL
                );
                INSERT INTO analytics_counted (event_id, kind, minute)
                    SELECT event_id, kind, minute FROM analytics_events;
                DROP TABLE analytics_events;
            """
        ))

    /// Where this consumer's readers keep their offsets in the logs, in the analytics database.
    public var readerOffsets: ReaderOffsets { ReaderOffsets(database: database) }

    /// Clears the totals and, in the same transaction, the readers' offsets:
    /// readers that start again read every log from its first record into a
    /// fresh state (a replay where the reader keeps its own offsets).
    public func resetWithOffsets() async throws {
        try await writeCounting { db, counted in
            try Self.clear(db, &counted)
            try ReaderOffsets.forgetAll(db)
        }
    }

    public init(store: LedgerStore) throws {
        database = try store.open(schema: Self.schema)
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
        try await record([AnalyticsEvent(eventID: eventID, kind: kind, at: time)])[0]
    }

    /// Counts many events in one transaction (a consumer's batch); true for
    /// each counted now, false for each counted before.
    public func record(_ events: [AnalyticsEvent]) async throws -> [Bool] {
        guard !events.isEmpty else { return [] }
        return try await writeCounting { db, counted in try Self.insert(db, events, &counted) }
    }

    /// Counts as ``record(_:)`` and, in the same transaction, records the
    /// reader's messages as finished (``ReaderOffsets/finish(_:_:)``).
    public func record(_ events: [AnalyticsEvent], finishing: [String: [Int64]]) async throws -> [Bool] {
        try await writeCounting { db, counted in
            let fresh = events.isEmpty ? [] : try Self.insert(db, events, &counted)
            try ReaderOffsets.finish(db, finishing)
            return fresh
        }
    }

    /// Runs `body` in one write transaction with the counted ids in hand.
    private func writeCounting<T: Sendable>(
        _ body: @escaping @Sendable (Database, inout CountedEvents) throws -> T
    ) async throws -> T {
        try await counted.write(database, body)
    }

    private static func insert(_ db: Database, _ events: [AnalyticsEvent], _ counted: inout CountedEvents) throws
        -> [Bool]
    {
        let insert = try db.cachedStatement(
            sql: "INSERT INTO analytics_counted (event_id, kind, minute) VALUES (?, ?, ?)")
        var fresh: [Bool] = []
        fresh.reserveCapacity(events.count)
        // Counters kept in the same transaction, so /metrics reads a few rows, not the whole log; summed
        // per batch first, so a batch costs one upsert per kind and minute, not one per event.
        var kinds: [Kind: Int] = [:]
        var minutes: [Int64: Int] = [:]
        for event in events {
            let isNew = counted.insert(event.eventID)
            fresh.append(isNew)
            guard isNew else { continue }
            try insert.execute(arguments: [event.eventID, event.kind.rawValue, event.minute])
            kinds[event.kind, default: 0] += 1
            if event.kind == .orderPlaced || event.kind == .orderFailed { minutes[event.minute, default: 0] += 1 }
        }
        let count = try db.cachedStatement(
            sql:
                "INSERT INTO analytics_counts (kind, n) VALUES (?, ?) ON CONFLICT(kind) DO UPDATE SET n = n + excluded.n"
        )
        for (kind, n) in kinds { try count.execute(arguments: [kind.rawValue, n]) }
        let perMinute = try db.cachedStatement(
            sql: """
                INSERT INTO analytics_orders_per_minute (minute, n) VALUES (?, ?)
                ON CONFLICT(minute) DO UPDATE SET n = n + excluded.n
                """)
        for (minute, n) in minutes { try perMinute.execute(arguments: [minute, n]) }
        return fresh
    }

    /// Forgets everything, before rebuilding from the log.
    public func reset() async throws {
        try await writeCounting { db, counted in try Self.clear(db, &counted) }
    }

    /// Starts a replay: clears the totals and, in the same transaction, notes
    /// that the log must be re-read. Until ``finishReplay()`` the note says a
    /// rewind is still owed, so a crash between the two cannot leave the
    /// totals empty with the group's offsets at the end of the log.
    public func beginReplay() async throws {
        try await writeCounting { db, counted in
            try Self.clear(db, &counted)
            try db.execute(sql: "INSERT OR IGNORE INTO analytics_replay (pending) VALUES (1)")
        }
    }

    /// The group has been rewound: the replay no longer needs to be resumed.
    public func finishReplay() async throws {
        try await database.write { db in try db.execute(sql: "DELETE FROM analytics_replay") }
    }

    /// True while a replay has cleared the totals but the rewind is not done.
    public func replayPending() async throws -> Bool {
        try await database.read { db in try Bool.fetchOne(db, sql: "SELECT 1 FROM analytics_replay") ?? false }
    }

    private static func clear(_ db: Database, _ counted: inout CountedEvents) throws {
        try db.execute(
            sql: "DELETE FROM analytics_counted; DELETE FROM analytics_counts; DELETE FROM analytics_orders_per_minute")
        counted.removeAll()
    }

    public func metrics() async throws -> AnalyticsMetrics {
        try await database.read { db in
            var counts: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT kind, n FROM analytics_counts") {
                counts[row["kind"]] = row["n"]
            }
            var perMinute: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT minute, n FROM analytics_orders_per_minute") {
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

/// One event for ``OrderAnalytics/record(_:)``: its id, what it counts as,
/// and the minute (of event time) it falls in.
public struct AnalyticsEvent: Sendable, Hashable {
    public var eventID: String
    public var kind: OrderAnalytics.Kind
    public var minute: Int64

    public init(eventID: String, kind: OrderAnalytics.Kind, at time: Timestamp) {
        self.init(eventID: eventID, kind: kind, minute: time.microsecondsSinceEpoch / 60_000_000)
    }

    init(eventID: String, kind: OrderAnalytics.Kind, minute: Int64) {
        self.eventID = eventID
        self.kind = kind
        self.minute = minute
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
