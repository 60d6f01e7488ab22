import AMQP
import Faults
import LabKit
import Logging
import Messaging
import OrderWorkload
import RabbitMQEngine

/// Part D's wiring: each role built from its options, the same way for the
/// executable and for tests. Each reader keeps its offsets in its own store.
public enum RabbitStreamServices: ServiceBuilder {
    public enum Role: String, CaseIterable, Sendable {
        case producer, inventory, analytics
    }

    public static func build(_ role: Role, options: RabbitStreamServeOptions, faults: FaultInjector, logger: Logger)
        throws -> BuiltService
    {
        let endpoint = try options.broker.endpoint()
        let declare = RabbitStreamTopology.declaration(options.broker.queueType)
        let publisher = AMQPPublisher(endpoint: endpoint, logger: logger, prepare: declare)
        let stats = ConsumerStats(service: role.rawValue)
        let restarts = StreamReaderRestart()
        func source(_ stream: String, offsets: any StreamOffsetStore) -> AMQPStreamSource {
            AMQPStreamSource(
                endpoint: endpoint, stream: stream, prefetch: options.flow.prefetch, offsets: offsets,
                deadLetterQueue: RabbitStreamTopology.deadLetters, reader: role.rawValue, restarts: restarts,
                prepare: declare)
        }
        switch role {
        case .producer:
            let service = OrderEntryService(
                publisher: publisher, message: RabbitStreamTopology.orderPlaced, faults: faults, name: "producer",
                destination: "stream \(RabbitStreamTopology.orderEvents)",
                publishDeadline: .milliseconds(options.flow.publishTimeoutMs))
            return BuiltService(router: service.router(), clients: [publisher])
        case .inventory:
            let ledger = try options.store.openLedger(for: "rabbitmq-stream-inventory")
            let built = InventoryConsumer.service(
                ledger: ledger, source: source(RabbitStreamTopology.orderEvents, offsets: ledger.readerOffsets),
                publisher: publisher, outputs: RabbitStreamTopology.inventoryOutputs, faults: faults, stats: stats,
                concurrency: options.flow.concurrency, keepsOffsets: true, logger: logger, clients: [publisher])
            built.router.get("/offsets") { _, _ in
                try JSONResponse.encode(try await ledger.readerOffsets.all())
            }
            built.router.get("/outbox") { _, _ in
                try JSONResponse.encode(["waiting": try await ledger.outbox.count()])
            }
            return built
        case .analytics:
            let analytics = try options.store.openAnalytics(for: "rabbitmq-stream-analytics")
            let handler = AnalyticsHandler(
                analytics: analytics, stats: stats, orderSource: RabbitStreamTopology.orderEvents, keepsOffsets: true)
            let readers = [RabbitStreamTopology.orderEvents, RabbitStreamTopology.inventoryEvents].map { stream in
                ProcessingLoop(
                    source: source(stream, offsets: analytics.readerOffsets), handler: handler, faults: faults,
                    stats: stats, configuration: .init(concurrency: options.flow.concurrency), logger: logger)
            }
            let router = RabbitStreamRoutes.analytics(
                analytics: analytics, stats: stats, faults: faults, restarts: restarts)
            return BuiltService(
                router: router, clients: [publisher], services: readers + [AnalyticsReporter(analytics: analytics)])
        }
    }
}
