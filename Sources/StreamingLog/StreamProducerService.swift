import Faults
import Foundation
import Hummingbird
import Kafka
import LabKit
import OrderDomain
import OrderWorkload

/// Part C's producer: `POST /order` validates, appends `OrderPlaced` to
/// `order-events` (keyed by order id) and answers `202` once the broker has
/// acknowledged it; a broker that is down is a `503` after the message timeout.
public struct StreamProducerService: Sendable {
    public let producer: KafkaProducer
    public let faults: FaultInjector
    public let limits: OrderLimits

    public init(producer: KafkaProducer, faults: FaultInjector, limits: OrderLimits = .standard) {
        self.producer = producer
        self.faults = faults
        self.limits = limits
    }

    public struct Accepted: Codable, Sendable {
        public var orderID: String
        public var eventID: String
        public var partition: Int32
        public var offset: Int64

        enum CodingKeys: String, CodingKey {
            case orderID = "order_id"
            case eventID = "event_id"
            case partition, offset
        }
    }

    public func router() -> Router<BasicRequestContext> {
        OrderRoutes.orderService(name: "producer", faults: faults) { try await placeOrder($0) }
    }

    func placeOrder(_ request: Request) async throws -> Response {
        let order = try await OrderRequestReader(limits: limits).placedOrder(from: request)
        let event = OrderPlaced(order: order)
        do {
            let report = try await producer.send(
                topic: StreamingTopology.orderEvents, key: Array(order.orderID.utf8),
                value: EventJSON.bytes(event))
            return try JSONResponse.encode(
                Accepted(
                    orderID: order.orderID, eventID: event.messageID, partition: report.partition, offset: report.offset
                ),
                status: .accepted)
        } catch {
            throw JSONErrorResponse(
                status: .serviceUnavailable, code: "broker_unavailable",
                message: "order not accepted: appending to \(StreamingTopology.orderEvents) failed: \(error). "
                    + "If the broker took it after all, it will still be processed: retry with the same order_id, "
                    + "which is placed once",
                details: ["order_id": order.orderID])
        }
    }
}
