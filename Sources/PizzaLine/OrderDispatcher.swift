import Logging
import Messaging
import ServiceLifecycle

/// Sends pizzas to the dough machine as fast as the order book's
/// back-pressure lets them go, one confirmed send at a time.
public struct OrderDispatcher: Service {
    public let book: OrderBook
    public let topics: PizzaTopics
    public let publisher: any MessagePublisher
    public let logger: Logger

    public init(book: OrderBook, topics: PizzaTopics, publisher: any MessagePublisher, logger: Logger) {
        self.book = book
        self.topics = topics
        self.publisher = publisher
        self.logger = logger
    }

    public func run() async throws {
        for await _ in book.wakeUps.cancelOnGracefulShutdown() {
            while let pizza = await book.dispatchNext(at: PizzaJSON.nowMilliseconds) {
                do {
                    try await publisher.publish(
                        OutboundMessage(
                            destination: topics.stage(.doughMachine), key: String(pizza.pizzaId),
                            body: PizzaJSON.bytes(pizza)))
                } catch {
                    logger.warning("dispatch of pizza \(pizza.pizzaId) failed; will retry: \(error)")
                    await book.undispatch(pizza)
                    try? await Task.sleep(for: .milliseconds(200))
                }
            }
        }
    }
}

/// Order processing's consumer: `dough-machine-done` frees the dough machine,
/// `pizza-done` counts a packaged pizza and, on an order's last, writes
/// `order-done` once.
public struct OrderEventsHandler: MessageHandler {
    public let book: OrderBook
    public let topics: PizzaTopics
    public let publisher: any MessagePublisher

    public init(book: OrderBook, topics: PizzaTopics, publisher: any MessagePublisher) {
        self.book = book
        self.topics = topics
        self.publisher = publisher
    }

    public func handle(_ message: InboundMessage) async -> MessageDisposition {
        if message.source == topics.done(.doughMachine) {
            guard let done = try? PizzaJSON.decoder.decode(StepDone.self, from: PizzaJSON.data(message.body)) else {
                return .deadLetter(reason: "not a step-done message")
            }
            await book.doughDone(pizzaId: done.pizzaId)
            return .ack
        }
        guard let done = try? PizzaJSON.decoder.decode(PizzaDone.self, from: PizzaJSON.data(message.body)) else {
            return .deadLetter(reason: "not a pizza-done message")
        }
        guard let orderDone = await book.pizzaDone(done) else { return .ack }
        do {
            try await publisher.publish(
                OutboundMessage(
                    destination: topics.orderDone, key: String(orderDone.orderId), body: PizzaJSON.bytes(orderDone)))
        } catch {
            return .retry(reason: "order-done for order \(orderDone.orderId): \(error)")
        }
        await book.markDone(orderDone.orderId)
        return .ack
    }
}
