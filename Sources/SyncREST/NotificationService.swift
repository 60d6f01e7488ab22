import Faults
import Hummingbird
import LabKit
import OrderDomain
import OrderWorkload

/// Part A's NotificationService: `POST /send` records one confirmation per
/// order; `GET /notifications/count` for the lab's checks.
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
        router.group().add(middleware: FaultMiddleware(faults)).add(middleware: StoreErrorMiddleware()).post("/send") {
            request, _ in
            let notification = try await JSONBody.decode(Notification.self, from: request, limit: Self.bodyLimit)
            let recorded = try await log.record(notification)
            return try JSONResponse.encode(SendResponse(orderID: notification.orderID, recorded: recorded))
        }
        return router
    }
}
