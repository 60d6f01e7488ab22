import GRDB
import Synchronization

/// State a store's writer keeps in memory between its transactions (the
/// ledger's stock, analytics' counted ids), so a decision reads memory
/// instead of the database.
///
/// Each transaction takes the state out (so it is that transaction's alone
/// and changes in place; a copy left behind would make a large set copy
/// itself on the first change) and puts it back only once the commit
/// succeeded, inside the writer's turn, so the next transaction cannot start
/// before; a transaction that fails leaves none, and the next reads the state
/// again. The state is trusted only while SQLite's `data_version` — read
/// inside the transaction, which holds the write lock — says no other
/// connection committed since it was read (services in other processes may
/// share the file); otherwise it is read again.
public final class WriterMemory<State: Sendable>: Sendable {
    private let held = Mutex<(version: Int64, state: State)?>(nil)
    private let read: @Sendable (Database) throws -> State

    /// `read` builds the state from the database, inside a transaction.
    public init(read: @escaping @Sendable (Database) throws -> State) {
        self.read = read
    }

    /// Runs `body` in one write transaction (`IMMEDIATE`: the write lock from
    /// its start) of `database` with the state in hand.
    public func write<T: Sendable>(
        _ database: any DatabaseWriter, _ body: @escaping @Sendable (Database, inout State) throws -> T
    ) async throws -> T {
        try await database.writeWithoutTransaction { db in
            var kept: (version: Int64, state: State)?
            var result: T?
            try db.inTransaction(.immediate) {
                let version = try Int64.fetchOne(db, sql: "PRAGMA data_version") ?? 0
                var state =
                    try self.held.withLock { $0.take() }.flatMap { $0.version == version ? $0.state : nil }
                    ?? self.read(db)
                result = try body(db, &state)
                kept = (version, state)
                return .commit
            }
            self.held.withLock { $0 = kept }
            guard let result else { throw DatabaseError(message: "the write transaction returned nothing") }
            return result
        }
    }
}
