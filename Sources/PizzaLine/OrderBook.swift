/// Order processing's state: the orders, the pizzas waiting to be sent to the
/// dough machine, and the back-pressure that holds them. A pizza goes out
/// only while fewer than `inFlight` wait for `dough-machine-done` (the seed's
/// rule) and fewer than `lineCapacity` are on the line (not yet on
/// `pizza-done`), so every stage's backlog stays bounded and the dispatch
/// pace follows the slowest stage.
public actor OrderBook {
    public struct OrderState: Codable, Sendable, Hashable {
        public var orderId: Int
        public var orderSize: Int
        public var startTimestamp: Int64
        public var dispatched: Int
        public var packaged: Int
        /// `order-done` was written (once).
        public var done: Bool
    }

    private var orders: [Int: OrderState] = [:]
    private var waiting: [PizzaMessage] = []
    private var awaitingDough: Set<Int> = []
    private var onLine: Set<Int> = []
    private var packagedPizzas: Set<Int> = []
    private var nextOrderId = 1
    public let inFlight: Int
    public let lineCapacity: Int
    public let frozenEvery: Int
    private let wake: AsyncStream<Void>.Continuation
    /// Yields whenever a pizza may be dispatched.
    public nonisolated let wakeUps: AsyncStream<Void>

    public init(inFlight: Int, lineCapacity: Int, frozenEvery: Int = 4) {
        self.inFlight = inFlight
        self.lineCapacity = lineCapacity
        self.frozenEvery = frozenEvery
        (wakeUps, wake) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// A new order of `size` pizzas; its pizzas queue for the dough machine.
    public func start(size: Int, at now: Int64) -> OrderStarted {
        let id = nextOrderId
        nextOrderId += 1
        orders[id] = OrderState(
            orderId: id, orderSize: size, startTimestamp: now, dispatched: 0, packaged: 0, done: false)
        for index in 1...size {
            let pizzaId = id * 1_000 + index
            waiting.append(
                PizzaMessage(
                    pizzaId: pizzaId, orderId: id, orderSize: size, startTimestamp: now,
                    frozen: pizzaId % frozenEvery == 0))
        }
        wake.yield()
        return OrderStarted(orderId: id, orderSize: size, startTimestamp: now)
    }

    /// The next pizza the back-pressure lets go, marked as dispatched; nil when it holds.
    public func dispatchNext(at now: Int64) -> PizzaMessage? {
        guard !waiting.isEmpty, awaitingDough.count < inFlight, onLine.count < lineCapacity else { return nil }
        var pizza = waiting.removeFirst()
        pizza.dispatchTimestamp = now
        awaitingDough.insert(pizza.pizzaId)
        onLine.insert(pizza.pizzaId)
        orders[pizza.orderId]?.dispatched += 1
        return pizza
    }

    /// The dispatch could not be delivered: the pizza goes back to the front.
    public func undispatch(_ pizza: PizzaMessage) {
        awaitingDough.remove(pizza.pizzaId)
        onLine.remove(pizza.pizzaId)
        orders[pizza.orderId]?.dispatched -= 1
        waiting.insert(pizza, at: 0)
    }

    public func doughDone(pizzaId: Int) {
        if awaitingDough.remove(pizzaId) != nil { wake.yield() }
    }

    /// A pizza is packaged; returns the order's `order-done` when this was its last pizza and
    /// `order-done` is not yet written. Repeats of a pizza count once.
    public func pizzaDone(_ done: PizzaDone) -> OrderDone? {
        if onLine.remove(done.pizzaId) != nil { wake.yield() }
        awaitingDough.remove(done.pizzaId)
        if packagedPizzas.insert(done.pizzaId).inserted { orders[done.orderId]?.packaged += 1 }
        guard let order = orders[done.orderId], !order.done, order.packaged >= order.orderSize else { return nil }
        return OrderDone(orderId: order.orderId, endTimestamp: done.endTimestamp)
    }

    /// `order-done` for `orderId` was delivered: it is never written again.
    public func markDone(_ orderId: Int) {
        orders[orderId]?.done = true
    }

    public var all: [OrderState] { orders.values.sorted { $0.orderId < $1.orderId } }

    public struct Line: Codable, Sendable {
        public var waiting: Int
        public var awaitingDough: Int
        public var onLine: Int
        public var inFlight: Int
        public var lineCapacity: Int
    }

    public var line: Line {
        Line(
            waiting: waiting.count, awaitingDough: awaitingDough.count, onLine: onLine.count, inFlight: inFlight,
            lineCapacity: lineCapacity)
    }
}
