import Foundation
import GRDB
import OrderDomain
import Synchronization
import Testing

/// State kept in memory between a writer's transactions: read again only when
/// it may be wrong (another connection committed, or a transaction failed).
@Suite struct WriterMemoryTests {
    /// A store whose state is one counter row; `reads` counts how often the memory read it.
    final class Reads: Sendable {
        let count = Mutex(0)
        var value: Int { count.withLock { $0 } }
    }

    final class Counter: Sendable {
        let database: any DatabaseWriter
        let reads = Reads()
        let memory: WriterMemory<Int>

        init(path: String) throws {
            database = try DatabasePool(path: path)
            try database.write { db in
                try db.execute(sql: "CREATE TABLE IF NOT EXISTS counter (n INTEGER NOT NULL)")
                if try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM counter") == 0 {
                    try db.execute(sql: "INSERT INTO counter VALUES (0)")
                }
            }
            let reads = self.reads
            memory = WriterMemory { db in
                reads.count.withLock { $0 += 1 }
                return try Int.fetchOne(db, sql: "SELECT n FROM counter") ?? 0
            }
        }

        func increment() async throws -> Int {
            try await memory.write(database) { db, n in
                n += 1
                try db.execute(sql: "UPDATE counter SET n = ?", arguments: [n])
                return n
            }
        }
    }

    @Test func readsOnceThenAgainOnlyAfterAnotherConnectionsCommitOrAFailure() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("memory-\(UUID()).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let first = try Counter(path: path)
        let second = try Counter(path: path)
        #expect(try await first.increment() == 1)
        #expect(try await first.increment() == 2)
        #expect(first.reads.value == 1, "its own commits leave the memory trusted")
        #expect(try await second.increment() == 3)
        #expect(try await first.increment() == 4, "the other connection's commit was noticed")
        #expect(first.reads.value == 2)
        await #expect(throws: CancellationError.self) {
            _ = try await first.memory.write(first.database) { _, n in
                n += 100
                throw CancellationError()
            }
        }
        #expect(try await first.increment() == 5, "a failed transaction's change is not kept")
        #expect(first.reads.value == 3)
    }
}
