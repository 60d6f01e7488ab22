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
        analytics: OrderAnalytics, stats: ConsumerStats, faults: FaultInjector, source: KafkaMessageSource
    ) -> Router<BasicRequestContext> {
        let router = OrderRoutes.consumer(name: "analytics", stats: stats, faults: faults)
        router.get("/metrics") { _, _ in try JSONResponse.encode(try await analytics.metrics()) }
        // Rebuild the totals from the log: forget them, rewind the group to the
        // earliest offsets from inside this live member, and let it re-read.
        router.post("/admin/replay") { _, _ in
            try await analytics.reset()
            let partitions = try await source.rewindToBeginning()
            return try JSONResponse.encode(["rewound_partitions": partitions])
        }
        return router
    }
}
