import GRDB

/// How far a log reader has got in each log it reads, kept in the reader's
/// own database beside its state (the inventory ledger's, the analytics
/// store's), for a log whose broker keeps no offsets for it: the next offset
/// to read, per log.
public struct ReaderOffsets: Sendable {
    let database: any DatabaseWriter

    /// The offsets in `database`, whose store's schema lists ``step``.
    public init(database: any DatabaseWriter) {
        self.database = database
    }

    /// The offsets in the database at `path`, read-only: how an observer (the
    /// lab) reads a reader's position while its service is down as well as up.
    public static func observing(path: String) throws -> ReaderOffsets {
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(5)
        return ReaderOffsets(database: try DatabasePool(path: path, configuration: configuration))
    }

    /// The table, as the migration step each owning store's schema lists.
    public static let step = (
        name: "reader offsets v1",
        sql: """
        CREATE TABLE IF NOT EXISTS reader_offsets (
            log TEXT PRIMARY KEY NOT NULL,
            next_offset INTEGER NOT NULL CHECK (next_offset >= 0)
        ) WITHOUT ROWID;
        """
    )

    /// The next offset to read of `log`; nil when this reader has read none of it.
    public func nextOffset(of log: String) async throws -> Int64? {
        try await database.read { db in
            try Int64.fetchOne(db, sql: "SELECT next_offset FROM reader_offsets WHERE log = ?", arguments: [log])
        }
    }

    /// Every log's next offset.
    public func all() async throws -> [String: Int64] {
        try await database.read { db in
            var offsets: [String: Int64] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT log, next_offset FROM reader_offsets") {
                offsets[row["log"]] = row["next_offset"]
            }
            return offsets
        }
    }

    /// Records that everything of `log` below `nextOffset` is done with.
    public func save(nextOffset: Int64, of log: String) async throws {
        try await database.write { db in
            try db.execute(
                sql: """
                    INSERT INTO reader_offsets (log, next_offset) VALUES (?, ?)
                    ON CONFLICT(log) DO UPDATE SET next_offset = excluded.next_offset
                    """,
                arguments: [log, nextOffset])
        }
    }

    /// Forgets every offset: the reader starts each log from its first record.
    public static func forgetAll(_ db: Database) throws {
        try db.execute(sql: "DELETE FROM reader_offsets")
    }
}
