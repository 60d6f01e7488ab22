import Faults
import LabKit
import Logging
import Messaging
import OrderDomain
import ServiceLifecycle

/// The inventory role of every message-driven part, wired once: the ledger,
/// ``InventoryHandler`` publishing through the crash point, the one
/// ``ProcessingLoop`` over the part's source, and the consumer's routes. A
/// part gives its source, its publisher and where the outcomes go.
public enum InventoryConsumer {
    public static func service<Source: MessageSource>(
        ledger: InventoryLedger, source: Source, publisher: any MessagePublisher, outputs: InventoryOutputs,
        faults: FaultInjector, stats: ConsumerStats, concurrency: Int, logger: Logger, clients: [any Service]
    ) -> BuiltService {
        let handler = InventoryHandler(
            ledger: ledger, publisher: CrashPointPublisher(publisher, faults: faults), outputs: outputs, stats: stats,
            logger: logger)
        let consumer = ProcessingLoop(
            source: source, handler: handler, faults: faults, stats: stats,
            configuration: .init(concurrency: concurrency), logger: logger)
        return BuiltService(
            router: OrderRoutes.inventoryConsumer(ledger: ledger, stats: stats, faults: faults), clients: clients,
            services: [consumer])
    }
}
