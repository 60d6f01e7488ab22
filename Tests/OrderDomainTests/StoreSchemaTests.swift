import Foundation
import GRDB
import OrderDomain
import Testing

@Suite struct StoreSchemaTests {
    @Test func eachStepRunsOncePerDatabaseAndALaterStepIsAppliedOnReopen() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("schema-\(UUID()).sqlite").path
        defer {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }
        let first = StoreSchema(("v1", "CREATE TABLE t (n INTEGER NOT NULL); INSERT INTO t (n) VALUES (1);"))
        _ = try LedgerStore.file(path: path).open(schema: first)
        let second = StoreSchema(
            ("v1", "CREATE TABLE t (n INTEGER NOT NULL); INSERT INTO t (n) VALUES (1);"),
            ("v2", "INSERT INTO t (n) VALUES (2);"))
        let database = try LedgerStore.file(path: path).open(schema: second)
        _ = try LedgerStore.file(path: path).open(schema: second)
        let values = try database.read { db in try Int.fetchAll(db, sql: "SELECT n FROM t ORDER BY n") }
        #expect(values == [1, 2], "v1 ran once, v2 once, on the third open neither")
        let applied = try database.read { db in
            try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY identifier")
        }
        #expect(applied == ["v1", "v2"])
    }

    @Test func aStepThatFailsIsAnErrorNotAHalfMadeStore() throws {
        let broken = StoreSchema(("v1", "CREATE TABLE t (n INTEGER); CREATE TABLE t (n INTEGER);"))
        #expect(throws: (any Error).self) { try LedgerStore.memory.open(schema: broken) }
    }
}
