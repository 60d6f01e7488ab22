import ArgumentParser
import OrderDomain

/// Where a service keeps its state, and the stock a new inventory starts with.
public struct StoreOptions: ParsableArguments {
    public init() {}

    @Option(help: "inventory/notification/analytics: SQLite file (created if missing). Default: in memory.")
    public var database: String?

    @Option(help: "inventory: initial stock of a new database, as item=qty,… Env: COMMLAB_STOCK.")
    public var stock: String?

    public var ledgerStore: LedgerStore { database.map { .file(path: $0) } ?? .memory }

    public func openLedger() throws -> InventoryLedger {
        let levels = try StockArgument.levels(stock)
        return try OpenStore.open("inventory ledger", at: database) {
            try InventoryLedger(store: ledgerStore, initialStock: levels)
        }
    }

    public func openNotificationLog() throws -> NotificationLog {
        try OpenStore.open("notification log", at: database) { try NotificationLog(store: ledgerStore) }
    }

    public func openAnalytics() throws -> OrderAnalytics {
        try OpenStore.open("analytics store", at: database) { try OrderAnalytics(store: ledgerStore) }
    }
}
