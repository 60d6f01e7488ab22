import Faults
import LabKit
import Logging
import Messaging
import OrderDomain
import ServiceLifecycle

/// The inventory role of every message-driven part, wired once: the ledger,
/// ``InventoryHandler`` publishing through the crash point, the one
/// ``ProcessingLoop`` over the part's source, and the consumer's routes. A
/// part gives its source, its publisher and where the outcomes go, and says
/// whether the reader keeps its offsets in the ledger (a RabbitMQ stream's):
/// then the outputs go through the ledger's outbox and its ``OutboxRelay``.
public enum InventoryConsumer {
    public static func service<Source: MessageSource>(
        ledger: InventoryLedger, source: Source, publisher: any MessagePublisher, outputs: InventoryOutputs,
        faults: FaultInjector, stats: ConsumerStats, concurrency: Int, keepsOffsets: Bool = false, logger: Logger,
        clients: [any Service]
    ) -> BuiltService {
        let publisher = CrashPointPublisher(publisher, faults: faults)
        let relay = keepsOffsets ? OutboxRelay(outbox: ledger.outbox, publisher: publisher, logger: logger) : nil
        let handler = InventoryHandler(
            ledger: ledger, publisher: publisher, outputs: outputs, stats: stats, relay: relay, logger: logger)
        let consumer = ProcessingLoop(
            source: source, handler: handler, faults: faults, stats: stats,
            configuration: .init(concurrency: concurrency), logger: logger)
        let services: [any Service] = [consumer] + (relay.map { [$0] } ?? [])
        return BuiltService(
            router: OrderRoutes.inventoryConsumer(ledger: ledger, stats: stats, faults: faults), clients: clients,
            services: services)
    }
}
