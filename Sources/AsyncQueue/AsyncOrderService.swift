import Faults
import AMQP
import Foundation
import Hummingbird
import LabKit
import Logging
import OrderDomain
import OrderWorkload

/// Part B's OrderService: `POST /order` validates, publishes `OrderPlaced`
/// (persistent, with its message id) and answers `202 Accepted` once the
/// broker has confirmed it. A broker that is down or does not confirm in
/// time is a `503`, never a silent 202.
public struct AsyncOrderService: Sendable {
    public let broker: AMQPPublisher
    public let faults: FaultInjector
    public let limits: OrderLimits
    public let publishTimeout: Duration

    public init(
        broker: AMQPPublisher, faults: FaultInjector, limits: OrderLimits = .standard,
        publishTimeout: Duration = .seconds(5)
    ) {
        self.broker = broker
        self.faults = faults
        self.limits = limits
        self.publishTimeout = publishTimeout
    }

    /// The 202 body.
    public struct Accepted: Codable, Sendable {
        public var orderID: String
        public var messageID: String
        public var status: String

        enum CodingKeys: String, CodingKey {
            case orderID = "order_id"
            case messageID = "message_id"
            case status
        }
    }

    public func router() -> Router<BasicRequestContext> {
        OrderRoutes.orderService(name: "order", faults: faults) { try await placeOrder($0) }
    }

    func placeOrder(_ request: Request) async throws -> Response {
        let order = try await OrderRequestReader(limits: limits).placedOrder(from: request)
        let event = OrderPlaced(order: order)
        let broker = self.broker
        do {
            try await withDeadline(publishTimeout) {
                try await broker.publish(
                    EventJSON.bytes(event), exchange: AsyncQueueTopology.ordersExchange,
                    routingKey: AsyncQueueTopology.orderPlacedKey,
                    properties: AMQPMessageProperties(
                        messageID: event.messageID,
                        timestamp: UInt64(event.timestamp.microsecondsSinceEpoch / 1_000_000)))
            }
        } catch {
            throw JSONErrorResponse(
                status: .serviceUnavailable, code: "broker_unavailable",
                message: "order not accepted: publishing to the broker at \(broker.endpoint) failed: \(error). "
                    + "If the broker took it after all, it will still be processed: retry with the same order_id, "
                    + "which is placed once",
                details: ["order_id": order.orderID])
        }
        return try JSONResponse.encode(
            Accepted(orderID: order.orderID, messageID: event.messageID, status: "accepted"), status: .accepted)
    }
}
