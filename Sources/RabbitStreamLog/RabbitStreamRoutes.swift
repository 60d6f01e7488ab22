import AMQP
import Faults
import Hummingbird
import LabKit
import Messaging
import OrderDomain
import OrderWorkload

/// The HTTP side of part D's analytics reader: health and faults, the
/// metrics, its offsets, and the replay.
public enum RabbitStreamRoutes {
    public static func analytics(
        analytics: OrderAnalytics, stats: ConsumerStats, faults: FaultInjector, restarts: StreamReaderRestart
    ) -> Router<BasicRequestContext> {
        let router = OrderRoutes.consumer(name: "analytics", stats: stats, faults: faults)
        router.get("/metrics") { _, _ in try JSONResponse.encode(try await analytics.metrics()) }
        router.get("/offsets") { _, _ in try JSONResponse.encode(try await analytics.readerOffsets.all()) }
        // A replay: both readers stop and drain, the totals and their offsets are cleared in one
        // transaction, and they read both streams again from the first record into the fresh state.
        router.post("/admin/replay") { _, _ in
            try await restarts.restart { try await analytics.resetWithOffsets() }
            return try JSONResponse.encode(["replay": "started from the first offset of every stream"])
        }
        return router
    }
}
