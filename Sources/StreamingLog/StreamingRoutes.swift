import Faults
import Hummingbird
import Kafka
import LabKit
import Messaging
import OrderDomain
import OrderWorkload

/// The HTTP side of part C's analytics consumer: health and faults, the
/// metrics, and the replay.
public enum StreamingRoutes {
    public static func analytics(
        analytics: OrderAnalytics, stats: ConsumerStats, faults: FaultInjector, replay: AnalyticsReplay
    ) -> Router<BasicRequestContext> {
        let router = OrderRoutes.consumer(name: "analytics", stats: stats, faults: faults)
        router.get("/metrics") { _, _ in try JSONResponse.encode(try await analytics.metrics()) }
        // Rebuild the totals from the log (see AnalyticsReplay); refused with the
        // reason while the member has nothing to rewind.
        router.post("/admin/replay") { _, _ in
            do {
                let partitions = try await replay.start()
                return try JSONResponse.encode(["rewound_partitions": partitions])
            } catch let refusal as AnalyticsReplay.Refusal {
                throw JSONErrorResponse(status: .conflict, code: "replay_not_possible", message: refusal.description)
            }
        }
        return router
    }
}
