/// One pizza's state as it travels the line, in the seed's schema
/// (`001_…txt`, "Pizza Order Message"): every machine reads it, applies its
/// step and hands it on.
public struct PizzaMessage: Codable, Sendable, Hashable {
    public var pizzaId: Int
    public var orderId: Int
    public var orderSize: Int
    /// When the order started (ms since the epoch).
    public var startTimestamp: Int64
    /// When the pizza was packaged; nil until then.
    public var endTimestamp: Int64?
    public var msgDesc: String
    public var sauce: String?
    public var baked: Bool
    public var cheese: [String]
    public var meat: [String]
    public var veggies: [String]
    /// Whether this pizza goes through the freezer after the oven (a frozen pizza); an addition to the seed's shape.
    public var frozen: Bool
    /// When order processing sent the pizza to the dough machine (ms); an addition, for the first stage's time.
    public var dispatchTimestamp: Int64?

    public init(pizzaId: Int, orderId: Int, orderSize: Int, startTimestamp: Int64, frozen: Bool) {
        self.pizzaId = pizzaId
        self.orderId = orderId
        self.orderSize = orderSize
        self.startTimestamp = startTimestamp
        self.endTimestamp = nil
        self.msgDesc = "Order received"
        self.sauce = nil
        self.baked = false
        self.cheese = []
        self.meat = []
        self.veggies = []
        self.frozen = frozen
        self.dispatchTimestamp = nil
    }

    /// Decodes and checks a pizza; a message that is not one says why.
    public static func decode(_ bytes: [UInt8]) throws(PizzaMessageError) -> PizzaMessage {
        let pizza: PizzaMessage
        do {
            pizza = try PizzaJSON.decoder.decode(PizzaMessage.self, from: PizzaJSON.data(bytes))
        } catch {
            throw .malformed("not a pizza message: \(PizzaJSON.describe(error))")
        }
        guard pizza.pizzaId > 0, pizza.orderId > 0, pizza.orderSize > 0 else {
            throw .malformed("pizzaId, orderId and orderSize must be positive")
        }
        return pizza
    }
}

/// Why a message on a line topic was refused.
public enum PizzaMessageError: Error, Sendable, Hashable, CustomStringConvertible {
    case malformed(String)

    public var description: String {
        switch self {
        case .malformed(let reason): reason
        }
    }
}

/// `{pizzaId, orderId, doneMsg: true}` on a machine's `*-done` topic: the machine is free again.
public struct StepDone: Codable, Sendable, Hashable {
    public var pizzaId: Int
    public var orderId: Int
    public var doneMsg: Bool
    /// When the machine finished (ms since the epoch); an addition to the seed's shape, for the stage times.
    public var doneTimestamp: Int64?

    public init(pizzaId: Int, orderId: Int, doneTimestamp: Int64) {
        self.pizzaId = pizzaId
        self.orderId = orderId
        self.doneMsg = true
        self.doneTimestamp = doneTimestamp
    }
}

/// `order-processing`: an order started.
public struct OrderStarted: Codable, Sendable, Hashable {
    public var orderId: Int
    public var orderSize: Int
    public var startTimestamp: Int64
}

/// `order-done`: every pizza of the order is packaged.
public struct OrderDone: Codable, Sendable, Hashable {
    public var orderId: Int
    public var endTimestamp: Int64
}

/// `pizza-done`: one pizza packaged (the seed's final latency record).
public struct PizzaDone: Codable, Sendable, Hashable {
    public var orderId: Int
    public var orderSize: Int
    public var pizzaId: Int
    public var endTimestamp: Int64
}

/// `<machine>-restock` and `<machine>-restock-done`: a machine asks for ingredients, the provider delivers.
public struct Restock: Codable, Sendable, Hashable {
    public var machine: String
    public var units: Int
    public var timestamp: Int64
}
