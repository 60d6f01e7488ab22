import Faults
import AsyncHTTPClient
import Foundation
import Hummingbird
import LabKit
import Logging
import OrderDomain
import OrderWorkload

/// Part A's OrderService: `POST /order` validates the order, then blocks on
/// InventoryService `POST /reserve` and NotificationService `POST /send`, and
/// answers `201 Created` with the confirmed order.
///
/// | what happened | answer |
/// | --- | --- |
/// | bad body (JSON, fields, quantity, size) | 400 |
/// | inventory refused (unknown item, no stock) or failed (5xx) | 422 with the reason |
/// | inventory down | 503 |
/// | inventory slower than the timeout | 504, and the reservation is released |
/// | notification failed | 502/503/504, and the reservation is released |
public struct OrderService: Sendable {
    public let configuration: OrderServiceConfiguration
    public let faults: FaultInjector
    let inventory: InventoryClient
    let notifications: NotificationClient
    let logger: Logger

    public init(configuration: OrderServiceConfiguration, http: HTTPClient, faults: FaultInjector, logger: Logger) {
        self.configuration = configuration
        self.faults = faults
        self.logger = logger
        inventory = InventoryClient(
            downstream: DownstreamClient(
                http: http, baseURL: configuration.inventoryURL, timeout: configuration.downstreamTimeout))
        notifications = NotificationClient(
            downstream: DownstreamClient(
                http: http, baseURL: configuration.notificationURL, timeout: configuration.downstreamTimeout))
    }

    public func router() -> Router<BasicRequestContext> {
        OrderRoutes.orderService(name: "order", faults: faults) { try await placeOrder($0) }
    }

    func placeOrder(_ request: Request) async throws -> Response {
        let order = try await OrderRequestReader(limits: configuration.limits).placedOrder(from: request)

        switch await inventory.reserve(order) {
        case .reserved:
            break
        case .rejected(let reason):
            throw JSONErrorResponse(
                status: .unprocessableContent, code: reason.code, message: reason.description,
                details: ["order_id": order.orderID])
        case .failed(let status, let message) where status == 503:
            // Inventory could not serve (its store failed): a server fault, not the order's.
            throw JSONErrorResponse(
                status: .serviceUnavailable, code: "inventory_unavailable",
                message: "inventory service answered 503: \(message)", details: ["order_id": order.orderID])
        case .failed(let status, let message):
            throw JSONErrorResponse(
                status: .unprocessableContent, code: "inventory_failed",
                message: "inventory service answered \(status): \(message)", details: ["order_id": order.orderID])
        case .unreachable(let detail):
            logger.debug("inventory unreachable", metadata: ["detail": "\(detail)"])
            throw JSONErrorResponse(
                status: .serviceUnavailable, code: "inventory_unavailable",
                message: "inventory service at \(configuration.inventoryURL) is unreachable",
                details: ["order_id": order.orderID])
        case .timedOut:
            releaseInBackground(order)
            throw JSONErrorResponse(
                status: .gatewayTimeout, code: "inventory_timeout",
                message: "inventory service did not answer within \(configuration.downstreamTimeout)",
                details: ["order_id": order.orderID])
        }

        switch await notifications.send(for: order) {
        case .answered(let status, _) where (200..<300).contains(status):
            var confirmed = order
            confirmed.status = .confirmed
            return try JSONResponse.encode(confirmed, status: .created)
        case .answered(let status, let body):
            throw releasingReservation(
                of: order, status: .badGateway, code: "notification_failed",
                problem: "notification service answered \(status): \(InventoryClient.message(from: body))")
        case .unreachable:
            throw releasingReservation(
                of: order, status: .serviceUnavailable, code: "notification_unavailable",
                problem: "notification service at \(configuration.notificationURL) is unreachable")
        case .timedOut:
            throw releasingReservation(
                of: order, status: .gatewayTimeout, code: "notification_timeout",
                problem: "notification service did not answer within \(configuration.downstreamTimeout)")
        }
    }

    /// The order cannot be confirmed after its stock was taken: give the stock
    /// back, and say so in the error.
    private func releasingReservation(
        of order: Order, status: HTTPResponse.Status, code: String, problem: String
    ) -> JSONErrorResponse {
        releaseInBackground(order)
        return JSONErrorResponse(
            status: status, code: code, message: "\(problem); reservation released",
            details: ["order_id": order.orderID])
    }

    /// The customer already has their answer; the release only has to land
    /// eventually, so it must not hold the response.
    private func releaseInBackground(_ order: Order) {
        let inventory = self.inventory
        let logger = self.logger
        Task {
            for attempt in 1...5 {
                if case .answered(let status, _) = await inventory.release(orderID: order.orderID), status == 200 {
                    return
                }
                try? await Task.sleep(for: .milliseconds(200 * attempt))
            }
            logger.warning("could not release reservation", metadata: ["order_id": "\(order.orderID)"])
        }
    }
}
