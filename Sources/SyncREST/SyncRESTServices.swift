import ArgumentParser
import Faults
import LabKit
import Logging
import OrderDomain
import OrderWorkload

/// Part A's wiring: each role built from its options, the same way for the
/// executable and for tests.
public enum SyncRESTServices: ServiceBuilder {
    public enum Role: String, CaseIterable, Sendable {
        case order, inventory, notification
    }

    public static func build(_ role: Role, options: SyncRESTServeOptions, faults: FaultInjector, logger: Logger) throws
        -> BuiltService
    {
        switch role {
        case .inventory:
            return BuiltService(
                router: InventoryService(
                    ledger: try options.store.openLedger(for: "sync-rest-inventory"), faults: faults
                ).router())
        case .notification:
            return BuiltService(
                router: NotificationService(
                    log: try options.store.openNotificationLog(for: "sync-rest-notification"), faults: faults
                ).router())
        case .order:
            guard let inventoryURL = options.inventoryURL, let notificationURL = options.notificationURL else {
                throw ValidationError("the order service needs --inventory-url and --notification-url")
            }
            let http = HTTPClientFactory.downstream()
            let configuration = OrderServiceConfiguration(
                inventoryURL: inventoryURL, notificationURL: notificationURL,
                downstreamTimeout: .milliseconds(options.timeoutMs))
            let location = try options.store.location(for: "sync-rest-order-compensations")
            let outbox = try OpenStore.open("compensation outbox", at: location.description) {
                try CompensationOutbox(store: location.store)
            }
            let service = OrderService(
                configuration: configuration, http: http, faults: faults, outbox: outbox, logger: logger)
            return BuiltService(
                router: service.router(), services: [service.compensationWorker()],
                shutdown: { try? await http.shutdown() })
        }
    }
}
