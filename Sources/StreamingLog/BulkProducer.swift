import Foundation
import Kafka
import LabKit
import OrderDomain

/// Appends OrderPlaced events to `order-events` as fast as the broker takes
/// them, a share of them with status `failed` (the seeds use 5 %), and
/// reports the rate with every delivery confirmed.
///
/// Events go to librdkafka in chunks of `chunkSize`, each chunk awaited as
/// one (a single wait for all its delivery reports), with up to `inFlight`
/// events sent and unconfirmed at once: the window keeps the producer's
/// queue bounded while the broker always has the next batch to take.
public struct BulkProducer: Sendable {
    public let producer: KafkaProducer
    /// Events sent and not yet confirmed, at most.
    public var inFlight: Int
    public var chunkSize: Int

    public init(producer: KafkaProducer, inFlight: Int = 20_000, chunkSize: Int = 1_000) {
        self.producer = producer
        self.inFlight = max(1, inFlight)
        self.chunkSize = max(1, min(chunkSize, inFlight))
    }

    public struct Outcome: Codable, Sendable {
        public var events: Int
        public var failedEvents: Int
        public var deliveryErrors: Int
        public var seconds: Double
        public var perSecond: Double { Double(events) / max(seconds, 1e-9) }

        enum CodingKeys: String, CodingKey {
            case events, seconds
            case failedEvents = "failed_events"
            case deliveryErrors = "delivery_errors"
        }
    }

    public func produce(_ count: Int, failureShare: Double, progress: ProgressLog? = nil) async -> Outcome {
        let clock = ContinuousClock()
        let start = clock.now
        let failedEvery = failureShare > 0 ? max(1, Int((1 / failureShare).rounded())) : Int.max
        let producer = self.producer
        let chunkSize = self.chunkSize
        let chunks = stride(from: 0, to: count, by: chunkSize).map { $0..<min($0 + chunkSize, count) }
        let window = max(1, inFlight / chunkSize)
        let errors = await withTaskGroup(of: Int.self) { group in
            var errors = 0
            var running = 0
            var reported = 0
            for chunk in chunks {
                if running >= window, let failed = await group.next() {
                    errors += failed
                    running -= 1
                }
                group.addTask {
                    let records = chunk.map { index in
                        Self.record(index, failed: index % failedEvery == failedEvery - 1)
                    }
                    do {
                        try await producer.send(records)
                        return 0
                    } catch {
                        // One failed delivery fails the chunk's wait; the chunk is counted as failed.
                        return records.count
                    }
                }
                running += 1
                if let progress, chunk.upperBound / 20_000 > reported, chunk.upperBound < count {
                    reported = chunk.upperBound / 20_000
                    progress.say("  \(Format.count(chunk.upperBound)) of \(Format.count(count)) sent")
                }
            }
            for await failed in group { errors += failed }
            return errors
        }
        return Outcome(
            events: count, failedEvents: failureShare > 0 ? count / failedEvery : 0,
            deliveryErrors: errors, seconds: (clock.now - start).seconds)
    }

    /// The `index`th event, keyed by its order id.
    static func record(_ index: Int, failed: Bool) -> KafkaRecord {
        var order = OrderRequest(
            userID: "bulk-\(index % 50)", lines: [.init(itemID: "pizza", quantity: 1, price: 12.5)]
        )
        .place()
        if failed { order.status = .failed }
        return KafkaRecord(
            topic: StreamingTopology.orderEvents, key: Array(order.userID.utf8),
            value: EventJSON.bytes(OrderPlaced(order: order)))
    }
}
