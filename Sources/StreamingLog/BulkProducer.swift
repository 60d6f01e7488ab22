import Foundation
import Kafka
import LabKit
import OrderDomain

/// Appends OrderPlaced events to `order-events` as fast as the broker takes
/// them, a share of them with status `failed` (the seeds use 5 %), and
/// reports the rate with every delivery confirmed.
public struct BulkProducer: Sendable {
    public let producer: KafkaProducer
    /// Deliveries awaited at once.
    public var inFlight: Int

    public init(producer: KafkaProducer, inFlight: Int = 5_000) {
        self.producer = producer
        self.inFlight = inFlight
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
        let encoder = JSONEncoder()
        let (report, _) = await ClosedLoopLoad(concurrency: inFlight, total: count).run { index in
            var order = OrderRequest(
                userID: "bulk-\(index % 50)", lines: [.init(itemID: "pizza", quantity: 1, price: 12.5)]
            )
            .place()
            if index % failedEvery == failedEvery - 1 { order.status = .failed }
            let event = OrderPlaced(order: order)
            if let progress, index > 0, index % 20_000 == 0 {
                progress.say("  \(Format.count(index)) of \(Format.count(count)) sent")
            }
            return await TimedOutcome.measure(success: "delivered") {
                try await producer.send(
                    topic: StreamingTopology.orderEvents, key: Array(order.orderID.utf8),
                    value: Array(try encoder.encode(event)))
            }
        }
        return Outcome(
            events: count, failedEvents: failureShare > 0 ? count / failedEvery : 0,
            deliveryErrors: report.total - report.count(of: "delivered"), seconds: (clock.now - start).seconds)
    }
}
