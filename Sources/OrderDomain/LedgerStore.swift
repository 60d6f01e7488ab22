import GRDB

/// Where a ledger keeps its SQLite database.
public enum LedgerStore: Sendable, Hashable {
    /// A file that survives a restart of the process.
    case file(path: String)
    /// Private memory, gone with the process (unit tests, throwaway runs).
    case memory

    /// Opens the database, tuned for one writer process: WAL (a pool's default)
    /// so readers do not block the writer, and `synchronous = NORMAL`, which keeps
    /// every committed transaction across a process crash (only a power loss can
    /// lose the last ones).
    /// A file store is a `DatabasePool`, whose readers (the lab reading stock or
    /// metrics) run beside the one writer instead of queueing behind it.
    public func open() throws -> any DatabaseWriter {
        var configuration = Configuration()
        configuration.busyMode = .timeout(5)
        switch self {
        case .file(let path):
            configuration.prepareDatabase { db in
                try db.execute(sql: "PRAGMA synchronous = NORMAL")
                // A log reader's batch holds ids from every partition, so its inserts touch pages all over an
                // index keyed by them: a 64 MiB cache keeps them from being read back, and checkpoints every
                // 10,000 pages instead of 1,000 write each page back (and fsync) less often. Neither changes
                // what a commit guarantees.
                try db.execute(sql: "PRAGMA cache_size = -65536")
                try db.execute(sql: "PRAGMA wal_autocheckpoint = 10000")
            }
            return try DatabasePool(path: path, configuration: configuration)
        case .memory:
            return try DatabaseQueue(configuration: configuration)
        }
    }
}
