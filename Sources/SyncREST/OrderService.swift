import Faults
import AsyncHTTPClient
import Foundation
import Hummingbird
import LabKit
import Logging
import OrderDomain
import OrderWorkload
import ServiceLifecycle

/// Part A's OrderService: `POST /order` validates the order, then blocks on
/// InventoryService `POST /reserve` and NotificationService `POST /send`, and
/// answers `201 Created` with the confirmed order.
///
/// | what happened | answer |
/// | --- | --- |
/// | bad body (JSON, fields, quantity, size) | 400 |
/// | inventory refused (unknown item, no stock) or failed (5xx) | 422 with the reason |
/// | inventory down | 503 |
/// | inventory slower than the timeout | 504, and the order is compensated |
/// | notification failed | 502/503/504, and the order is compensated |
///
/// "Compensated" is durable: the order goes into the ``CompensationOutbox``
/// before the error is answered, and the ``CompensationWorker`` cancels it at
/// the notification service and gives its stock back, also after a restart.
public struct OrderService: Sendable {
    public let configuration: OrderServiceConfiguration
    public let faults: FaultInjector
    public let outbox: CompensationOutbox
    let inventory: InventoryClient
    let notifications: NotificationClient
    let logger: Logger

    public init(
        configuration: OrderServiceConfiguration, http: HTTPClient, faults: FaultInjector,
        outbox: CompensationOutbox, logger: Logger
    ) {
        self.configuration = configuration
        self.faults = faults
        self.outbox = outbox
        self.logger = logger
        inventory = InventoryClient(
            downstream: DownstreamClient(
                http: http, baseURL: configuration.inventoryURL, timeout: configuration.downstreamTimeout))
        notifications = NotificationClient(
            downstream: DownstreamClient(
                http: http, baseURL: configuration.notificationURL, timeout: configuration.downstreamTimeout))
    }

    public func router() -> Router<BasicRequestContext> {
        let router = OrderRoutes.orderService(name: "order", faults: faults) { try await placeOrder($0) }
        let outbox = self.outbox
        router.get("/compensations/pending") { _, _ in try JSONResponse.encode(["count": try await outbox.count()]) }
        return router
    }

    /// The worker that carries out this service's compensations.
    public func compensationWorker() -> some Service {
        CompensationWorker(outbox: outbox, inventory: inventory, notifications: notifications, logger: logger)
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
            // The connection may have dropped after inventory committed: compensate to be sure.
            try await compensate(order, reason: "inventory unreachable")
            throw JSONErrorResponse(
                status: .serviceUnavailable, code: "inventory_unavailable",
                message: "inventory service at \(configuration.inventoryURL) is unreachable",
                details: ["order_id": order.orderID])
        case .timedOut:
            try await compensate(order, reason: "inventory timed out")
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
            throw try await compensating(
                order, status: .badGateway, code: "notification_failed",
                problem: "notification service answered \(status): \(InventoryClient.message(from: body))")
        case .unreachable:
            throw try await compensating(
                order, status: .serviceUnavailable, code: "notification_unavailable",
                problem: "notification service at \(configuration.notificationURL) is unreachable")
        case .timedOut:
            throw try await compensating(
                order, status: .gatewayTimeout, code: "notification_timeout",
                problem: "notification service did not answer within \(configuration.downstreamTimeout)")
        }
    }

    /// The order cannot be confirmed after its stock was taken: note the
    /// compensation durably, and say so in the error.
    private func compensating(
        _ order: Order, status: HTTPResponse.Status, code: String, problem: String
    ) async throws -> JSONErrorResponse {
        try await compensate(order, reason: problem)
        return JSONErrorResponse(
            status: status, code: code, message: "\(problem); the order is cancelled and its stock given back",
            details: ["order_id": order.orderID])
    }

    /// Queues the compensation before the client hears of the failure, and
    /// starts it at once; the worker retries whatever this attempt leaves.
    private func compensate(_ order: Order, reason: String) async throws {
        try await outbox.enqueue(order.orderID, reason: reason)
        let worker = CompensationWorker(
            outbox: outbox, inventory: inventory, notifications: notifications, logger: logger)
        Task { await worker.compensate(order.orderID) }
    }
}
