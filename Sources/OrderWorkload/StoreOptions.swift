import ArgumentParser
import Foundation
import OrderDomain

/// Where a service keeps its state, and the stock a new inventory starts with.
///
/// By default state is a SQLite file under the state folder, so a service
/// started by hand keeps its stock and its record of processed orders across
/// a restart; `--in-memory` gives up that for a throwaway run.
public struct StoreOptions: ParsableArguments {
    public init() {}

    @Option(
        help: ArgumentHelp(
            "inventory/notification/analytics: SQLite file (created if missing).",
            discussion:
                "Default: <state folder>/<part>-<role>.sqlite; the state folder is $COMMLAB_STATE_DIR or .commlab/state."
        ))
    public var database: String?

    @Flag(help: "Keep state in memory only: lost when the service stops.")
    public var inMemory = false

    @Option(help: "inventory: initial stock of a new database, as item=qty,… Env: COMMLAB_STOCK.")
    public var stock: String?

    public func validate() throws {
        if inMemory, database != nil { throw ValidationError("--in-memory and --database exclude each other") }
    }

    /// The file (or memory) a service named `name` (e.g. `async-queue-inventory`) keeps its state in.
    public func location(for name: String) throws -> (store: LedgerStore, description: String) {
        if inMemory { return (.memory, "memory") }
        if let database { return (.file(path: database), database) }
        let folder = ProcessInfo.processInfo.environment["COMMLAB_STATE_DIR"] ?? ".commlab/state"
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw ValidationError("cannot create the state folder \(folder): \(error); give --database or --in-memory")
        }
        let path = "\(folder)/\(name).sqlite"
        return (.file(path: path), path)
    }

    public func openLedger(for name: String) throws -> InventoryLedger {
        let levels = try StockArgument.levels(stock)
        let location = try location(for: name)
        return try OpenStore.open("inventory ledger", at: location.description) {
            try InventoryLedger(store: location.store, initialStock: levels)
        }
    }

    public func openNotificationLog(for name: String) throws -> NotificationLog {
        let location = try location(for: name)
        return try OpenStore.open("notification log", at: location.description) {
            try NotificationLog(store: location.store)
        }
    }
}
