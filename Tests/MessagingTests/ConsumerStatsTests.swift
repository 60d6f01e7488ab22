import Messaging
import MetricsTestKit
import Testing

/// The counts a consumer keeps reach both the `/stats` snapshot and the metrics backend.
@Suite struct ConsumerStatsTests {
    @Test func eachCountReachesTheSnapshotAndTheMetricsBackend() throws {
        let metrics = TestMetrics()
        let stats = ConsumerStats(service: "inventory", factory: metrics)
        stats.count(.received)
        stats.count(.received)
        stats.count(.deadLettered)
        #expect(stats.snapshot.received == 2)
        #expect(stats.snapshot.deadLettered == 1)
        #expect(stats.snapshot.reserved == 0)
        let received = try metrics.expectCounter(
            "commlab_consumer_messages_total", [("service", "inventory"), ("outcome", "received")])
        #expect(received.totalValue == 2)
        let deadLettered = try metrics.expectCounter(
            "commlab_consumer_messages_total", [("service", "inventory"), ("outcome", "dead_lettered")])
        #expect(deadLettered.totalValue == 1)
    }
}
