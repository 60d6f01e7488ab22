import Foundation
import NIOCore
import OrderDomain

/// OrderService's view of NotificationService.
struct NotificationClient: Sendable {
    let downstream: DownstreamClient

    func send(for order: Order) async -> DownstreamAnswer {
        let total = String(format: "%.2f", order.totalAmount)
        let notification = Notification(
            orderID: order.orderID, userID: order.userID,
            message: "Order \(order.orderID) confirmed: \(order.items.count) item(s), total \(total)")
        return await downstream.post("/send", notification)
    }

    /// Cancels an order not yet notified; says if it was notified after all.
    func cancel(orderID: String) async throws -> NotificationLog.CancelOutcome {
        let answer = await downstream.post("/cancel", CancelRequest(orderID: orderID))
        guard case .answered(200, let body) = answer,
            let response = try? JSONDecoder().decode(CancelResponse.self, from: Data(buffer: body))
        else { throw CompensationStepFailed(step: "cancel", answer: answer) }
        return response.outcome
    }
}
