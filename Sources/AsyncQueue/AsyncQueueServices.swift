import AMQP
import Faults
import LabKit
import Logging
import Messaging
import OrderWorkload
import RabbitMQEngine

/// Part B's wiring: each role built from its options, the same way for the
/// executable and for tests. Every role declares the whole topology on
/// connecting, so any start order works.
public enum AsyncQueueServices: ServiceBuilder {
    public enum Role: String, CaseIterable, Sendable {
        case order, inventory, notification
    }

    public static func build(_ role: Role, options: AsyncQueueServeOptions, faults: FaultInjector, logger: Logger)
        throws -> BuiltService
    {
        let endpoint = try options.broker.endpoint()
        let declare = AsyncQueueTopology.declaration(options.broker.queueType)
        let publisher = AMQPPublisher(endpoint: endpoint, logger: logger, prepare: declare)
        let stats = ConsumerStats(service: role.rawValue)
        func source(_ queue: String) -> AMQPMessageSource {
            AMQPMessageSource(
                endpoint: endpoint, queue: queue, prefetch: options.flow.prefetch, prepare: declare)
        }
        switch role {
        case .order:
            let service = OrderEntryService(
                publisher: publisher, message: AsyncQueueTopology.orderPlaced, faults: faults, name: "order",
                destination: "the broker at \(endpoint)", publishDeadline: .milliseconds(options.flow.publishTimeoutMs))
            return BuiltService(router: service.router(), clients: [publisher])
        case .inventory:
            return InventoryConsumer.service(
                ledger: try options.store.openLedger(for: "async-queue-inventory"),
                source: source(AsyncQueueTopology.inventoryQueue), publisher: publisher,
                outputs: AsyncQueueTopology.inventoryOutputs, faults: faults, stats: stats,
                concurrency: options.flow.concurrency, logger: logger, clients: [publisher])
        case .notification:
            let log = try options.store.openNotificationLog(for: "async-queue-notification")
            let consumer = ProcessingLoop(
                source: source(AsyncQueueTopology.notificationQueue),
                handler: NotificationHandler(log: log, stats: stats),
                faults: faults, stats: stats, configuration: .init(concurrency: options.flow.concurrency),
                logger: logger)
            let router = OrderRoutes.consumer(name: "notification", stats: stats, faults: faults)
            OrderRoutes.addNotificationReads(to: router, log: log)
            return BuiltService(router: router, services: [consumer])
        }
    }
}
