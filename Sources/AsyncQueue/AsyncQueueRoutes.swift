import Foundation
import Hummingbird
import LabKit
import OrderDomain

/// The HTTP side of part B's consumers: health and faults, and what the lab
/// reads to check them (stock, counters, notifications and their latency).
public enum AsyncQueueRoutes {
    public static func inventory(ledger: InventoryLedger, stats: ConsumerStats, faults: FaultInjector) -> Router<
        BasicRequestContext
    > {
        let router = Router()
        AdminRoutes(serviceName: "inventory", injector: faults).add(to: router)
        router.get("/stock") { _, _ in try JSONResponse.encode(try await ledger.stock().quantities) }
        router.get("/stats") { _, _ in try JSONResponse.encode(stats.snapshot) }
        return router
    }

    public static func notification(log: NotificationLog, stats: ConsumerStats, faults: FaultInjector) -> Router<
        BasicRequestContext
    > {
        let router = Router()
        AdminRoutes(serviceName: "notification", injector: faults).add(to: router)
        router.get("/stats") { _, _ in try JSONResponse.encode(stats.snapshot) }
        router.get("/notifications/count") { _, _ in try JSONResponse.encode(["count": try await log.count()]) }
        // Placed-to-notified latency of notifications sent since `since_us` (µs since the epoch).
        router.get("/notifications/latency") { request, _ in
            let since = request.uri.queryParameters.get("since_us", as: Int64.self) ?? 0
            var recorder = LatencyRecorder()
            for micros in try await log.endToEndMicroseconds(since: Timestamp(microsecondsSinceEpoch: since)) {
                recorder.record(microseconds: micros)
            }
            let last = try await log.lastSent()?.microsecondsSinceEpoch ?? 0
            return try JSONResponse.encode(NotificationLatency(summary: recorder.summary, lastSentMicroseconds: last))
        }
        return router
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
