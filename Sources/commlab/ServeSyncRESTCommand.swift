import ArgumentParser
import Foundation
import LabKit
import OrderDomain
import SyncREST

struct ServeSyncRESTCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync-rest",
        abstract: "Part A: serve the order, inventory or notification service over HTTP.",
        discussion: """
            Start inventory and notification first, then order pointed at them:
              commlab serve sync-rest inventory --port 8102 --database inv.sqlite
              commlab serve sync-rest notification --port 8103
              commlab serve sync-rest order --port 8101 \\
                  --inventory-url http://127.0.0.1:8102 --notification-url http://127.0.0.1:8103
              curl -i localhost:8101/order -d '{"user_id":"u1","item":"pizza","quantity":2}'
            """)

    enum Service: String, ExpressibleByArgument, CaseIterable {
        case order, inventory, notification
    }

    @Argument(help: "Which service: order, inventory or notification.")
    var service: Service

    @OptionGroup var server: ServerOptions

    @Option(help: "order: base URL of the inventory service.")
    var inventoryURL: String?

    @Option(help: "order: base URL of the notification service.")
    var notificationURL: String?

    @Option(help: "order: deadline (ms) of each blocking downstream call; slower answers become 504.")
    var timeoutMs = 5_000

    @Option(help: "inventory/notification: SQLite file (created if missing). Default: in memory.")
    var database: String?

    @Option(help: "inventory: initial stock of a new database, as item=qty,… Env: COMMLAB_STOCK.")
    var stock: String?

    func validate() throws {
        if service == .order {
            guard inventoryURL != nil, notificationURL != nil else {
                throw ValidationError("the order service needs --inventory-url and --notification-url")
            }
        }
        guard timeoutMs > 0 else { throw ValidationError("--timeout-ms must be positive") }
    }

    func run() async throws {
        let logger = server.logger(label: "commlab.sync-rest.\(service.rawValue)")
        let faults = FaultInjector(try server.faultPlan())
        let runner = server.runner(name: "sync-rest \(service.rawValue)", logger: logger)
        let store: LedgerStore = database.map { .file(path: $0) } ?? .memory
        switch service {
        case .inventory:
            let levels = try StockArgument.levels(stock)
            let ledger = try OpenStore.open("inventory ledger", at: database) {
                try InventoryLedger(store: store, initialStock: levels)
            }
            try await runner.run(router: InventoryService(ledger: ledger, faults: faults).router())
        case .notification:
            let log = try OpenStore.open("notification log", at: database) { try NotificationLog(store: store) }
            try await runner.run(router: NotificationService(log: log, faults: faults).router())
        case .order:
            let http = HTTPClientFactory.downstream()
            let configuration = OrderServiceConfiguration(
                inventoryURL: inventoryURL!, notificationURL: notificationURL!,
                downstreamTimeout: .milliseconds(timeoutMs))
            let service = OrderService(configuration: configuration, http: http, faults: faults, logger: logger)
            do {
                try await runner.run(router: service.router())
            } catch {
                try? await http.shutdown()
                throw error
            }
            try await http.shutdown()
        }
    }
}
