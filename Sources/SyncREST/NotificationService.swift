import Faults
import Hummingbird
import LabKit
import OrderDomain
import OrderWorkload

/// Part A's NotificationService: `POST /send` records one confirmation per
/// order (409 once the order was cancelled), `POST /cancel` cancels an order
/// not yet notified; `GET /notifications/count` for the lab's checks.
public struct NotificationService: Sendable {
    public let log: NotificationLog
    public let faults: FaultInjector
    static let bodyLimit = 64 * 1024

    public init(log: NotificationLog, faults: FaultInjector) {
        self.log = log
        self.faults = faults
    }

    public func router() -> Router<BasicRequestContext> {
        let router = Router()
        AdminRoutes(serviceName: "notification", injector: faults).add(to: router)
        OrderRoutes.addNotificationReads(to: router, log: log)
        let business = router.group().add(middleware: FaultMiddleware(faults)).add(middleware: StoreErrorMiddleware())
        business.post("/send") { request, _ in
            let notification = try await JSONBody.decode(Notification.self, from: request, limit: Self.bodyLimit)
            switch try await log.send(notification) {
            case .recorded:
                return try JSONResponse.encode(SendResponse(orderID: notification.orderID, recorded: true))
            case .alreadyRecorded:
                return try JSONResponse.encode(SendResponse(orderID: notification.orderID, recorded: false))
            case .cancelled:
                throw JSONErrorResponse(
                    status: .conflict, code: "order_cancelled",
                    message: "order \(notification.orderID) was cancelled (its stock given back) before this arrived",
                    details: ["order_id": notification.orderID])
            }
        }
        // The order service's compensation: cancel an order it could not confirm,
        // unless its notification was recorded after all (then it stands).
        router.group().add(middleware: StoreErrorMiddleware()).post("/cancel") { request, _ in
            let cancel = try await JSONBody.decode(CancelRequest.self, from: request, limit: Self.bodyLimit)
            let outcome = try await log.cancel(orderID: cancel.orderID)
            return try JSONResponse.encode(CancelResponse(orderID: cancel.orderID, outcome: outcome))
        }
        return router
    }
}
