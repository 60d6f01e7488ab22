import GRDB

/// How far a log reader has got in each log it reads, kept in the reader's
/// own database beside its state (the inventory ledger's, the analytics
/// store's), for a log whose broker keeps no offsets for it: the next offset
/// to read, per log, and the offsets above it already finished (messages
/// finish out of order when several batches are in hand).
///
/// A reader's handler records its messages as finished in the same
/// transaction as their effects (``finish(_:_:)``), so a message is either
/// applied and finished or neither: a restart resumes after exactly what was
/// applied, and nothing applied is read again.
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

    /// The second table: offsets finished above the next one, until the run below them is finished too.
    public static let finishedAheadStep = (
        name: "reader offsets finished ahead v1",
        sql: """
        CREATE TABLE IF NOT EXISTS reader_finished_ahead (
            log TEXT NOT NULL,
            offset INTEGER NOT NULL,
            PRIMARY KEY (log, offset)
        ) WITHOUT ROWID;
        """
    )

    /// Where a reader stands in one log: the next offset to read, and those above it already finished
    /// (to be passed over when read again).
    public struct Position: Sendable, Equatable {
        public var next: Int64
        public var finishedAhead: Set<Int64>

        public init(next: Int64, finishedAhead: Set<Int64> = []) {
            self.next = next
            self.finishedAhead = finishedAhead
        }
    }

    /// Where the reader stands in `log`; nil when it has read none of it.
    public func position(of log: String) async throws -> Position? {
        try await database.read { db in
            guard
                let next = try Int64.fetchOne(
                    db, sql: "SELECT next_offset FROM reader_offsets WHERE log = ?", arguments: [log])
            else { return nil }
            let ahead = try Int64.fetchAll(
                db, sql: "SELECT offset FROM reader_finished_ahead WHERE log = ?", arguments: [log])
            return Position(next: next, finishedAhead: Set(ahead))
        }
    }

    /// Records messages of each log as finished, inside the caller's
    /// transaction (the one that applied their effects). Offsets below the
    /// next one are finished already and change nothing.
    public static func finish(_ db: Database, _ finished: [String: [Int64]]) throws {
        for (log, offsets) in finished where !offsets.isEmpty {
            let stored = try Int64.fetchOne(
                db, sql: "SELECT next_offset FROM reader_offsets WHERE log = ?", arguments: [log])
            // A reader's first message is where it starts (a stream's first offset need not be 0).
            var next = stored ?? offsets.min()!
            let aheadBefore = Set(
                try Int64.fetchAll(
                    db, sql: "SELECT offset FROM reader_finished_ahead WHERE log = ?", arguments: [log]))
            var ahead = aheadBefore.union(offsets.filter { $0 >= next })
            while ahead.remove(next) != nil { next += 1 }
            try save(db, next: next, of: log)
            if !aheadBefore.isEmpty {
                try db.execute(
                    sql: "DELETE FROM reader_finished_ahead WHERE log = ? AND offset < ?", arguments: [log, next])
            }
            for offset in ahead.subtracting(aheadBefore) {
                try db.execute(
                    sql: "INSERT INTO reader_finished_ahead (log, offset) VALUES (?, ?)", arguments: [log, offset])
            }
        }
    }

    /// Records messages as finished in a transaction of their own: for a
    /// message settled without effects (moved to the dead letters).
    public func finish(_ finished: [String: [Int64]]) async throws {
        try await database.write { db in try Self.finish(db, finished) }
    }

    /// Moves the reader of `log` to `next` when it stands below it: the
    /// messages in between are gone from the log (its retention removed them
    /// before this reader read them), so none can finish.
    public func skip(to next: Int64, of log: String) async throws {
        try await database.write { db in
            let stored = try Int64.fetchOne(
                db, sql: "SELECT next_offset FROM reader_offsets WHERE log = ?", arguments: [log])
            guard stored.map({ $0 < next }) ?? true else { return }
            try Self.save(db, next: next, of: log)
            try db.execute(
                sql: "DELETE FROM reader_finished_ahead WHERE log = ? AND offset < ?", arguments: [log, next])
        }
    }

    private static func save(_ db: Database, next: Int64, of log: String) throws {
        try db.execute(
            sql: """
                INSERT INTO reader_offsets (log, next_offset) VALUES (?, ?)
                ON CONFLICT(log) DO UPDATE SET next_offset = excluded.next_offset
                """,
            arguments: [log, next])
    }

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

    /// Forgets every offset: the reader starts each log from its first record.
    public static func forgetAll(_ db: Database) throws {
        try db.execute(sql: "DELETE FROM reader_offsets")
        try db.execute(sql: "DELETE FROM reader_finished_ahead")
    }
}
