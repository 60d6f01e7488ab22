import Faults
import Foundation
import Hummingbird
import LabKit
import Messaging
import OrderDomain

/// The order entry of every brokered part: `POST /order` validates, publishes
/// `OrderPlaced` through the part's transport (any ``MessagePublisher``) and
/// answers `202 Accepted` once the broker has confirmed it within the
/// deadline. A broker that is down or does not confirm in time is a `503`,
/// never a silent 202. A part states only how `OrderPlaced` goes on its wire.
public struct OrderEntryService: Sendable {
    public let publisher: any MessagePublisher
    /// How the part sends `OrderPlaced`: destination, key, headers.
    public let message: @Sendable (OrderPlaced) -> OutboundMessage
    public let faults: FaultInjector
    /// The service's name in `/health` and logs, e.g. `order` or `producer`.
    public let name: String
    /// Where orders go, for the 503's message, e.g. `the broker at amqp://…` or `topic order-events`.
    public let destination: String
    public let limits: OrderLimits
    public let publishDeadline: Duration

    public init(
        publisher: any MessagePublisher, message: @escaping @Sendable (OrderPlaced) -> OutboundMessage,
        faults: FaultInjector, name: String, destination: String, limits: OrderLimits = .standard,
        publishDeadline: Duration = .seconds(5)
    ) {
        self.publisher = publisher
        self.message = message
        self.faults = faults
        self.name = name
        self.destination = destination
        self.limits = limits
        self.publishDeadline = publishDeadline
    }

    /// The 202 body: the order, its event's id, and where a log put it.
    public struct Accepted: Codable, Sendable, Hashable {
        public var orderID: String
        public var messageID: String
        public var status: String
        public var partition: Int32?
        public var offset: Int64?

        enum CodingKeys: String, CodingKey {
            case orderID = "order_id"
            case messageID = "message_id"
            case status, partition, offset
        }
    }

    public func router() -> Router<BasicRequestContext> {
        OrderRoutes.orderService(name: name, faults: faults) { try await placeOrder($0) }
    }

    func placeOrder(_ request: Request) async throws -> Response {
        let order = try await OrderRequestReader(limits: limits).placedOrder(from: request)
        let event = OrderPlaced(order: order)
        let outbound = message(event)
        let publisher = self.publisher
        let receipt: PublishReceipt
        do {
            receipt = try await withDeadline(publishDeadline) { try await publisher.publishReporting(outbound) }
        } catch {
            throw JSONErrorResponse(
                status: .serviceUnavailable, code: "broker_unavailable",
                message: "order not accepted: publishing to \(destination) failed: \(error). "
                    + "If the broker took it after all, it will still be processed: retry with the same order_id, "
                    + "which is placed once",
                details: ["order_id": order.orderID])
        }
        return try JSONResponse.encode(
            Accepted(
                orderID: order.orderID, messageID: event.messageID, status: "accepted", partition: receipt.partition,
                offset: receipt.offset),
            status: .accepted)
    }
}
