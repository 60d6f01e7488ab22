import Hummingbird
import Kafka
import LabKit
import OrderDomain

/// The HTTP side of part C's consumers: health and faults, what the lab
/// reads (stock, counters, metrics), and the analytics replay.
public enum StreamingRoutes {
    public static func inventory(ledger: InventoryLedger, stats: StreamStats, faults: FaultInjector) -> Router<
        BasicRequestContext
    > {
        let router = Router()
        AdminRoutes(serviceName: "inventory", injector: faults).add(to: router)
        router.get("/stock") { _, _ in try JSONResponse.encode(try await ledger.stock().quantities) }
        router.get("/stats") { _, _ in try JSONResponse.encode(stats.snapshot) }
        return router
    }

    public static func analytics(
        analytics: OrderAnalytics, stats: StreamStats, faults: FaultInjector, consumer: KafkaConsumer,
        loop: KafkaProcessingLoop
    ) -> Router<BasicRequestContext> {
        let router = Router()
        AdminRoutes(serviceName: "analytics", injector: faults).add(to: router)
        router.get("/metrics") { _, _ in try JSONResponse.encode(try await analytics.metrics()) }
        router.get("/stats") { _, _ in try JSONResponse.encode(stats.snapshot) }
        // Rebuild the totals from the log: forget them, rewind the group to the
        // earliest offsets from inside this live member, and let it re-read.
        router.post("/admin/replay") { _, _ in
            try await analytics.reset()
            loop.forgetOffsets()
            let partitions = try await consumer.rewindToBeginning()
            return try JSONResponse.encode(["rewound_partitions": partitions])
        }
        return router
    }
}
