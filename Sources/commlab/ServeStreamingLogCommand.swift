import ArgumentParser
import Foundation
import Kafka
import LabKit
import OrderDomain
import StreamingLog

struct ServeStreamingLogCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "streaming-log",
        abstract: "Part C: serve the producer, inventory or analytics service over a Kafka-protocol log.",
        discussion: """
              commlab broker kafka start           # prints KAFKA_BROKERS=…
              export KAFKA_BROKERS=127.0.0.1:PORT
              commlab serve streaming-log inventory --port 8302 --database inv.sqlite &
              commlab serve streaming-log analytics --port 8303 --database analytics.sqlite &
              commlab serve streaming-log producer --port 8301 &
              curl -i localhost:8301/order -d '{"user_id":"u1","item":"pizza","quantity":2}'   # 202
              curl localhost:8303/metrics
            Topics are created by the lab (`commlab scenario streaming-log`) with the partition
            counts it needs; on a real cluster with auto-creation on, any count works.
            """)

    enum Service: String, ExpressibleByArgument, CaseIterable {
        case producer, inventory, analytics
    }

    @Argument(help: "Which service: producer, inventory or analytics.")
    var service: Service

    @OptionGroup var server: ServerOptions

    @Option(help: "Bootstrap servers. Default: $KAFKA_BROKERS.")
    var kafkaBrokers: String?

    @Option(help: "inventory/analytics: SQLite file (created if missing). Default: in memory.")
    var database: String?

    @Option(help: "inventory: initial stock of a new database, as item=qty,… Env: COMMLAB_STOCK.")
    var stock: String?

    @Option(help: "inventory/analytics: messages handled at once (1 while a delay fault is set).")
    var concurrency = 64

    @Option(help: "analytics: seconds between its one-line reports (a final JSON report is printed at shutdown).")
    var reportIntervalSeconds = 10

    @Option(help: "Consumer session timeout (ms): how soon a vanished member is dropped.")
    var sessionTimeoutMs = 6_000

    func validate() throws {
        guard concurrency > 0, sessionTimeoutMs > 0, reportIntervalSeconds > 0 else {
            throw ValidationError("--concurrency, --session-timeout-ms and --report-interval-seconds must be positive")
        }
    }

    func run() async throws {
        let logger = server.logger(label: "commlab.streaming-log.\(service.rawValue)")
        let faults = FaultInjector(try server.faultPlan())
        let runner = server.runner(name: "streaming-log \(service.rawValue)", logger: logger)
        guard let brokers = kafkaBrokers ?? ProcessInfo.processInfo.environment["KAFKA_BROKERS"] else {
            throw ValidationError(
                "no broker: pass --kafka-brokers or set KAFKA_BROKERS (commlab broker kafka start prints it)")
        }
        var configuration = KafkaConfiguration(bootstrapServers: brokers)
        configuration.sessionTimeoutMilliseconds = sessionTimeoutMs
        configuration.messageTimeoutMilliseconds = 5_000
        let store: LedgerStore = database.map { .file(path: $0) } ?? .memory
        let producer = try KafkaProducer(configuration: configuration)
        defer { producer.close() }
        let stats = StreamStats()
        switch service {
        case .producer:
            try await runner.run(router: StreamProducerService(producer: producer, faults: faults).router())
        case .inventory:
            let levels = try StockArgument.levels(stock)
            let ledger = try OpenStore.open("inventory ledger", at: database) {
                try InventoryLedger(store: store, initialStock: levels)
            }
            let consumer = try KafkaConsumer(
                configuration: configuration, group: StreamingTopology.inventoryGroup,
                topics: [StreamingTopology.orderEvents])
            let handler = StreamInventoryConsumer(ledger: ledger, producer: producer, stats: stats)
            let loop = KafkaProcessingLoop(
                consumer: consumer, concurrency: concurrency, faults: faults, logger: logger, handle: handler.handle)
            try await runner.run(
                router: StreamingRoutes.inventory(ledger: ledger, stats: stats, faults: faults), alongside: [loop])
        case .analytics:
            let analytics = try OpenStore.open("analytics store", at: database) { try OrderAnalytics(store: store) }
            let consumer = try KafkaConsumer(
                configuration: configuration, group: StreamingTopology.analyticsGroup,
                topics: [StreamingTopology.orderEvents, StreamingTopology.inventoryEvents])
            let handler = AnalyticsConsumer(analytics: analytics, producer: producer, stats: stats)
            let loop = KafkaProcessingLoop(
                consumer: consumer, concurrency: concurrency, faults: faults, logger: logger, handle: handler.handle)
            try await runner.run(
                router: StreamingRoutes.analytics(
                    analytics: analytics, stats: stats, faults: faults, consumer: consumer, loop: loop),
                alongside: [loop, AnalyticsReporter(analytics: analytics, interval: .seconds(reportIntervalSeconds))])
        }
    }
}
