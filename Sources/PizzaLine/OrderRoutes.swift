import Faults
import Hummingbird
import LabKit
import Messaging

/// Order processing's HTTP face: `POST /start-order/{n}` (the seed's), and
/// what the lab reads: `GET /orders`, `GET /line`.
public enum PizzaOrderRoutes {
    public static func router(
        book: OrderBook, topics: PizzaTopics, publisher: any MessagePublisher, maxPizzas: Int, faults: FaultInjector
    ) -> Router<BasicRequestContext> {
        let router = Router()
        AdminRoutes(serviceName: "orders", injector: faults).add(to: router)
        router.post("/start-order/:n") { _, context in
            let text = try context.parameters.require("n")
            guard let size = Int(text) else {
                throw JSONErrorResponse(
                    status: .badRequest, code: "invalid_order_size", message: "n must be a whole number, got '\(text)'",
                    field: "n")
            }
            guard size >= 1, size <= maxPizzas else {
                throw JSONErrorResponse(
                    status: .badRequest, code: "invalid_order_size",
                    message: "n must be between 1 and \(maxPizzas) pizzas, got \(size)", field: "n")
            }
            let started = await book.start(size: size, at: PizzaJSON.nowMilliseconds)
            do {
                try await publisher.publish(
                    OutboundMessage(
                        destination: topics.orderProcessing, key: String(started.orderId),
                        body: PizzaJSON.bytes(started)))
            } catch {
                throw JSONErrorResponse(
                    status: .serviceUnavailable, code: "broker_unavailable",
                    message: "order \(started.orderId) is queued, but its start could not be recorded: \(error)")
            }
            return try JSONResponse.encode(started, status: .accepted)
        }
        router.get("/orders") { _, _ in try JSONResponse.encode(await book.all) }
        router.get("/line") { _, _ in try JSONResponse.encode(await book.line) }
        return router
    }
}
