import Faults
import Messaging
import Hummingbird
import LabKit
import OrderDomain

/// The HTTP face every part's services share: the order entry point, and
/// what the lab reads from the inventory and notification services.
public enum OrderRoutes {
    /// `POST /order` (faults injected first) beside health and the fault admin.
    public static func orderService(
        name: String = "order", faults: FaultInjector,
        placeOrder: @escaping @Sendable (Request) async throws -> Response
    ) -> Router<BasicRequestContext> {
        let router = Router()
        AdminRoutes(serviceName: name, injector: faults).add(to: router)
        router.group().add(middleware: FaultMiddleware(faults)).post("/order") { request, _ in
            try await placeOrder(request)
        }
        return router
    }

    /// An inventory consumer's routes: health, faults, `GET /stock`, `GET /stats`.
    public static func inventoryConsumer(
        ledger: InventoryLedger, stats: ConsumerStats, faults: FaultInjector
    ) -> Router<BasicRequestContext> {
        let router = consumer(name: "inventory", stats: stats, faults: faults)
        router.get("/stock") { _, _ in try JSONResponse.encode(try await ledger.stock().quantities) }
        addLedgerReads(to: router, ledger: ledger)
        return router
    }

    /// `GET /reservations?since_us=`: every reservation decided since then
    /// (µs since the epoch), for counting per order id.
    public static func addLedgerReads(to router: Router<BasicRequestContext>, ledger: InventoryLedger) {
        router.get("/reservations") { request, _ in
            let since = request.uri.queryParameters.get("since_us", as: Int64.self) ?? 0
            return try JSONResponse.encode(try await ledger.entries(since: Timestamp(microsecondsSinceEpoch: since)))
        }
    }

    /// Any consumer's routes: health, faults, `GET /stats`.
    public static func consumer(name: String, stats: ConsumerStats, faults: FaultInjector) -> Router<
        BasicRequestContext
    > {
        let router = Router()
        AdminRoutes(serviceName: name, injector: faults).add(to: router)
        router.get("/stats") { _, _ in try JSONResponse.encode(stats.snapshot) }
        return router
    }

    /// What the lab reads from a notification service: `GET /notifications/count`,
    /// `GET /notifications?since_us=` (each order notified since then, with its time),
    /// and `GET /notifications/latency?since_us=` (placed-to-notified latency of
    /// notifications sent since then, µs since the epoch).
    public static func addNotificationReads(to router: Router<BasicRequestContext>, log: NotificationLog) {
        router.get("/notifications/count") { _, _ in try JSONResponse.encode(["count": try await log.count()]) }
        router.get("/notifications") { request, _ in
            let since = request.uri.queryParameters.get("since_us", as: Int64.self) ?? 0
            return try JSONResponse.encode(try await log.sent(since: Timestamp(microsecondsSinceEpoch: since)))
        }
        router.get("/notifications/latency") { request, _ in
            let since = request.uri.queryParameters.get("since_us", as: Int64.self) ?? 0
            var recorder = LatencyRecorder()
            for micros in try await log.endToEndMicroseconds(since: Timestamp(microsecondsSinceEpoch: since)) {
                recorder.record(microseconds: micros)
            }
            let last = try await log.lastSent()?.microsecondsSinceEpoch ?? 0
            return try JSONResponse.encode(NotificationLatency(summary: recorder.summary, lastSentMicroseconds: last))
        }
    }
}

/// `GET /notifications/latency` answer.
public struct NotificationLatency: Codable, Sendable {
    public var summary: LatencySummary
    public var lastSentMicroseconds: Int64

    enum CodingKeys: String, CodingKey {
        case summary
        case lastSentMicroseconds = "last_sent_us"
    }
}
