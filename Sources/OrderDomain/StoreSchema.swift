import GRDB

/// A store's tables as GRDB migrations: each store states its schema once,
/// and ``LedgerStore/open(schema:)`` applies what a database does not have
/// yet (GRDB's `DatabaseMigrator` records what it applied). A later change is
/// a new step appended here, never an edit of an applied one.
public struct StoreSchema: Sendable {
    let migrator: DatabaseMigrator

    /// The schema as named steps, in order; each step's SQL runs once per database.
    public init(_ steps: (name: String, sql: String)...) {
        var migrator = DatabaseMigrator()
        for step in steps {
            let sql = step.sql
            migrator.registerMigration(step.name) { db in try db.execute(sql: sql) }
        }
        self.migrator = migrator
    }
}

extension LedgerStore {
    /// Opens the database and brings it up to `schema`.
    public func open(schema: StoreSchema) throws -> any DatabaseWriter {
        let database = try open()
        try schema.migrator.migrate(database)
        return database
    }
}
