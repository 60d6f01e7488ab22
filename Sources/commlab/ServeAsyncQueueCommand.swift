import AMQP
import ArgumentParser
import AsyncQueue
import Foundation
import LabKit
import OrderDomain

struct ServeAsyncQueueCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "async-queue",
        abstract: "Part B: serve the order, inventory or notification service over RabbitMQ.",
        discussion: """
            Every service declares the exchanges and queues it needs, so any start order works.
              commlab broker rabbitmq start        # prints AMQP_URL=…
              export AMQP_URL=amqp://guest:guest@127.0.0.1:PORT/
              commlab serve async-queue inventory --port 8202 --database inv.sqlite &
              commlab serve async-queue notification --port 8203 &
              commlab serve async-queue order --port 8201 &
              curl -i localhost:8201/order -d '{"user_id":"u1","item":"pizza","quantity":2}'   # 202
            """)

    enum Service: String, ExpressibleByArgument, CaseIterable {
        case order, inventory, notification
    }

    @Argument(help: "Which service: order, inventory or notification.")
    var service: Service

    @OptionGroup var server: ServerOptions

    @Option(help: "The broker. Default: $AMQP_URL, else amqp://guest:guest@127.0.0.1:5672/.")
    var amqpURL: String?

    @Option(help: "inventory/notification: SQLite file (created if missing). Default: in memory.")
    var database: String?

    @Option(help: "inventory: initial stock of a new database, as item=qty,… Env: COMMLAB_STOCK.")
    var stock: String?

    @Option(help: "inventory/notification: unacknowledged messages the broker may send ahead.")
    var prefetch = 200

    @Option(help: "inventory/notification: messages handled at once.")
    var concurrency = 64

    @Option(help: "order: how long to wait for the broker's confirm before answering 503 (ms).")
    var publishTimeoutMs = 5_000

    func validate() throws {
        guard prefetch > 0, concurrency > 0, publishTimeoutMs > 0 else {
            throw ValidationError("--prefetch, --concurrency and --publish-timeout-ms must be positive")
        }
    }

    func run() async throws {
        let logger = server.logger(label: "commlab.async-queue.\(service.rawValue)")
        let faults = FaultInjector(try server.faultPlan())
        let runner = server.runner(name: "async-queue \(service.rawValue)", logger: logger)
        let url = amqpURL ?? ProcessInfo.processInfo.environment["AMQP_URL"] ?? "amqp://guest:guest@127.0.0.1:5672/"
        let endpoint: AMQPEndpoint
        do {
            endpoint = try AMQPEndpoint(url: url)
        } catch {
            throw ValidationError("--amqp-url: \(error)")
        }
        let store: LedgerStore = database.map { .file(path: $0) } ?? .memory
        let stats = ConsumerStats()
        switch service {
        case .order:
            let broker = BrokerConnection(endpoint: endpoint, logger: logger)
            let service = AsyncOrderService(
                broker: broker, faults: faults, publishTimeout: .milliseconds(publishTimeoutMs))
            try await runner.run(router: service.router())
            await broker.close()
        case .inventory:
            let levels = try StockArgument.levels(stock)
            let ledger = try OpenStore.open("inventory ledger", at: database) {
                try InventoryLedger(store: store, initialStock: levels)
            }
            let publisher = BrokerConnection(endpoint: endpoint, logger: logger)
            let consumer = InventoryConsumer(
                ledger: ledger, publisher: publisher, faults: faults, stats: stats, logger: logger)
            let loop = ConsumerLoop(
                endpoint: endpoint, queue: AsyncQueueTopology.inventoryQueue, prefetch: prefetch,
                concurrency: concurrency, logger: logger, handle: consumer.handle)
            try await runner.run(
                router: AsyncQueueRoutes.inventory(ledger: ledger, stats: stats, faults: faults), alongside: [loop])
            await publisher.close()
        case .notification:
            let log = try OpenStore.open("notification log", at: database) { try NotificationLog(store: store) }
            let consumer = NotificationConsumer(log: log, faults: faults, stats: stats)
            let loop = ConsumerLoop(
                endpoint: endpoint, queue: AsyncQueueTopology.notificationQueue, prefetch: prefetch,
                concurrency: concurrency, logger: logger, handle: consumer.handle)
            try await runner.run(
                router: AsyncQueueRoutes.notification(log: log, stats: stats, faults: faults), alongside: [loop])
        }
    }
}
