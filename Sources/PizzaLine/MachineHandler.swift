import Logging
import Messaging

/// One machine's work on one pizza, the consumer–processor–producer of the
/// seed: take an ingredient (waiting for a restock if low), process for the
/// machine's time, then hand the pizza to the next topic and say so on the
/// machine's `*-done` topic. The pizza's offset is committed only after both
/// are delivered, so a crash redelivers it instead of losing it.
public struct MachineHandler: MessageHandler {
    public let machine: Machine
    public let topics: PizzaTopics
    public let publisher: any MessagePublisher
    public let stock: IngredientStock
    public let processingTime: Duration
    /// The packaging robot's ledger; nil for the other machines.
    public let packaging: PackagingLedger?
    public let stats: ConsumerStats
    public let logger: Logger

    public init(
        machine: Machine, topics: PizzaTopics, publisher: any MessagePublisher, stock: IngredientStock,
        processingTime: Duration, packaging: PackagingLedger?, stats: ConsumerStats, logger: Logger
    ) {
        self.machine = machine
        self.topics = topics
        self.publisher = publisher
        self.stock = stock
        self.processingTime = processingTime
        self.packaging = packaging
        self.stats = stats
        self.logger = logger
    }

    public func handle(_ message: InboundMessage) async -> MessageDisposition {
        let pizza: PizzaMessage
        do {
            pizza = try PizzaMessage.decode(message.body)
        } catch {
            return .deadLetter(reason: "\(machine.rawValue): \(error.description)")
        }
        var outputs: [OutboundMessage] = []
        let key = String(pizza.pizzaId)
        if let packaging {
            let now = PizzaJSON.nowMilliseconds
            do {
                let first = try await packaging.package(pizzaId: pizza.pizzaId, orderId: pizza.orderId, at: now)
                if first {
                    await work()
                } else {
                    // Boxed before a crash cut its delivery short: say it is done again, box nothing.
                    stats.count(.replayed)
                }
            } catch {
                return .retry(reason: "packaging ledger: \(error)")
            }
            let packaged = machine.apply(to: pizza, now: PizzaJSON.nowMilliseconds)
            let done = PizzaDone(
                orderId: pizza.orderId, orderSize: pizza.orderSize, pizzaId: pizza.pizzaId,
                endTimestamp: packaged.endTimestamp ?? now)
            outputs.append(OutboundMessage(destination: topics.pizzaDone, key: key, body: PizzaJSON.bytes(done)))
        } else {
            await work()
            let processed = machine.apply(to: pizza, now: PizzaJSON.nowMilliseconds)
            if let next = machine.next(for: processed) {
                outputs.append(
                    OutboundMessage(destination: topics.stage(next), key: key, body: PizzaJSON.bytes(processed)))
            }
        }
        let done = StepDone(pizzaId: pizza.pizzaId, orderId: pizza.orderId, doneTimestamp: PizzaJSON.nowMilliseconds)
        outputs.append(OutboundMessage(destination: topics.done(machine), key: key, body: PizzaJSON.bytes(done)))
        do {
            try await publisher.publish(outputs)
        } catch {
            return .retry(reason: "could not hand pizza \(pizza.pizzaId) on: \(error)")
        }
        stats.count(.notified)
        return .ack
    }

    /// An ingredient, then the machine's time.
    private func work() async {
        await stock.take()
        try? await Task.sleep(for: processingTime)
    }
}

/// Ingredients delivered on `<machine>-restock-done`: the machine resumes.
public struct RestockDoneHandler: MessageHandler {
    public let stock: IngredientStock

    public init(stock: IngredientStock) {
        self.stock = stock
    }

    public func handle(_ message: InboundMessage) async -> MessageDisposition {
        guard let delivery = try? PizzaJSON.decoder.decode(Restock.self, from: PizzaJSON.data(message.body)),
            delivery.units > 0
        else { return .deadLetter(reason: "not a restock delivery") }
        await stock.refill(delivery.units)
        return .ack
    }
}

/// The internal goods provider: answers every `<machine>-restock` request on
/// `<machine>-restock-done` after its delivery time.
public struct GoodsProviderHandler: MessageHandler {
    public let topics: PizzaTopics
    public let publisher: any MessagePublisher
    public let deliveryTime: Duration
    public let stats: ConsumerStats

    public init(topics: PizzaTopics, publisher: any MessagePublisher, deliveryTime: Duration, stats: ConsumerStats) {
        self.topics = topics
        self.publisher = publisher
        self.deliveryTime = deliveryTime
        self.stats = stats
    }

    public func handle(_ message: InboundMessage) async -> MessageDisposition {
        guard let request = try? PizzaJSON.decoder.decode(Restock.self, from: PizzaJSON.data(message.body)),
            let machine = Machine(rawValue: request.machine), request.units > 0
        else { return .deadLetter(reason: "not a restock request") }
        try? await Task.sleep(for: deliveryTime)
        let delivery = Restock(machine: request.machine, units: request.units, timestamp: PizzaJSON.nowMilliseconds)
        do {
            try await publisher.publish([
                OutboundMessage(
                    destination: topics.restockDone(machine), key: request.machine, body: PizzaJSON.bytes(delivery))
            ])
        } catch {
            return .retry(reason: "could not deliver to \(request.machine): \(error)")
        }
        stats.count(.notified)
        return .ack
    }
}
