import Foundation
import GRDB
import OrderDomain
import OrderWorkload
import Testing

@Suite struct OrderAnalyticsTests {
    let minute = Timestamp(microsecondsSinceEpoch: 1_795_000_020_000_000)

    @Test func countsEachEventOnceAndComputesTheFailureRate() async throws {
        let analytics = try OrderAnalytics(store: .memory)
        for index in 0..<8 { try await analytics.record(eventID: "o\(index)", kind: .orderPlaced, at: minute) }
        for index in 0..<2 { try await analytics.record(eventID: "f\(index)", kind: .orderFailed, at: minute) }
        #expect(try await analytics.record(eventID: "o1", kind: .orderPlaced, at: minute) == false)
        try await analytics.record(eventID: "o1/InventoryReserved", kind: .inventoryReserved, at: minute)
        let metrics = try await analytics.metrics()
        #expect(metrics.totalOrders == 10)
        #expect(metrics.successfulOrders == 8)
        #expect(metrics.failedOrders == 2)
        #expect(metrics.failureRate == 0.2)
        #expect(metrics.inventoryReserved == 1)
        #expect(metrics.ordersPerMinute.values.reduce(0, +) == 10)
    }

    @Test func ordersPerMinuteUsesEventTime() async throws {
        let analytics = try OrderAnalytics(store: .memory)
        try await analytics.record(eventID: "a", kind: .orderPlaced, at: minute)
        let later = Timestamp(microsecondsSinceEpoch: minute.microsecondsSinceEpoch + 61_000_000)
        try await analytics.record(eventID: "b", kind: .orderPlaced, at: later)
        try await analytics.record(eventID: "c", kind: .orderFailed, at: later)
        #expect(try await analytics.metrics().ordersPerMinute.values.sorted() == [1, 2])
    }

    @Test func resetForgetsEverythingSoAReplayRebuildsIt() async throws {
        let analytics = try OrderAnalytics(store: .memory)
        try await analytics.record(eventID: "a", kind: .orderPlaced, at: minute)
        try await analytics.reset()
        #expect(try await analytics.metrics().totalOrders == 0)
        #expect(try await analytics.record(eventID: "a", kind: .orderPlaced, at: minute))
        #expect(try await analytics.metrics().totalOrders == 1)
    }

    @Test func storesSharingAFileSeeEachOthersCounts() async throws {
        // The counted ids are held in memory between transactions; a commit by another connection must be seen.
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("analytics-\(UUID()).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let first = try OrderAnalytics(store: .file(path: path))
        let second = try OrderAnalytics(store: .file(path: path))
        #expect(try await first.record(eventID: "a", kind: .orderPlaced, at: minute))
        #expect(try await second.record(eventID: "a", kind: .orderPlaced, at: minute) == false)
        #expect(try await second.record(eventID: "b", kind: .orderPlaced, at: minute))
        #expect(try await first.record(eventID: "b", kind: .orderPlaced, at: minute) == false)
        try await second.reset()
        #expect(try await first.record(eventID: "a", kind: .orderPlaced, at: minute))
        #expect(try await second.metrics().totalOrders == 1)
        let reopened = try OrderAnalytics(store: .file(path: path))
        #expect(try await reopened.record(eventID: "a", kind: .orderPlaced, at: minute) == false)
    }

    @Test func aStoreOfTheFirstSchemaKeepsItsCountedIds() async throws {
        // A store written before the ids moved to an unindexed table: its ids still count as counted.
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("analytics-\(UUID()).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        do {
            let old = try DatabaseQueue(path: path)
            try await old.write { db in
                try db.execute(
                    sql: """
                        CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY);
                        INSERT INTO grdb_migrations VALUES ('analytics v1'), ('reader offsets v1'),
                            ('reader offsets finished ahead v1');
                        CREATE TABLE analytics_events (event_id TEXT PRIMARY KEY NOT NULL, kind TEXT NOT NULL,
                            minute INTEGER NOT NULL) WITHOUT ROWID;
                        CREATE TABLE analytics_counts (kind TEXT PRIMARY KEY NOT NULL, n INTEGER NOT NULL);
                        CREATE TABLE analytics_orders_per_minute (minute INTEGER PRIMARY KEY NOT NULL, n INTEGER NOT NULL);
                        CREATE TABLE analytics_replay (pending INTEGER PRIMARY KEY NOT NULL CHECK (pending = 1));
                        CREATE TABLE reader_offsets (log TEXT PRIMARY KEY NOT NULL, next_offset INTEGER NOT NULL)
                            WITHOUT ROWID;
                        CREATE TABLE reader_finished_ahead (log TEXT NOT NULL, offset INTEGER NOT NULL,
                            PRIMARY KEY (log, offset)) WITHOUT ROWID;
                        INSERT INTO analytics_events VALUES ('old-1', 'order_placed', 29916667);
                        INSERT INTO analytics_counts VALUES ('order_placed', 1);
                        """)
            }
        }
        let analytics = try OrderAnalytics(store: .file(path: path))
        #expect(try await analytics.record(eventID: "old-1", kind: .orderPlaced, at: minute) == false)
        #expect(try await analytics.record(eventID: "new-1", kind: .orderPlaced, at: minute))
        #expect(try await analytics.metrics().totalOrders == 2)
    }

    @Test func concurrentDuplicatesAreCountedOnce() async throws {
        let analytics = try OrderAnalytics(store: .memory)
        let fresh = try await withThrowingTaskGroup(of: Bool.self) { group in
            for index in 0..<200 {
                group.addTask { try await analytics.record(eventID: "e\(index % 50)", kind: .orderPlaced, at: minute) }
            }
            return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(fresh == 50)
        #expect(try await analytics.metrics().totalOrders == 50)
    }
}
