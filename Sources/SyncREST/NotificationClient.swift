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
}
