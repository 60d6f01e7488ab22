/// The nine machines of the line, each its own process and consumer group,
/// named after the topic it consumes (the seed's names).
public enum Machine: String, CaseIterable, Sendable, Codable {
    case doughMachine = "dough-machine"
    case doughShaper = "dough-shaper"
    case sauceMachine = "sauce-machine"
    case cheeseMachine = "cheese-machine"
    case meatMachine = "meat-machine"
    case vegetablesMachine = "vegetables-machine"
    case ovenMachine = "oven-machine"
    case freezerMachine = "freezer-machine"
    case packagingMachine = "packaging-machine"

    /// Position on the line, 0-based, for charts.
    public var index: Int { Self.allCases.firstIndex(of: self) ?? 0 }

    /// Where a pizza goes after this machine; nil after packaging (it goes to `pizza-done`).
    public func next(for pizza: PizzaMessage) -> Machine? {
        switch self {
        case .doughMachine: .doughShaper
        case .doughShaper: .sauceMachine
        case .sauceMachine: .cheeseMachine
        case .cheeseMachine: .meatMachine
        case .meatMachine: .vegetablesMachine
        case .vegetablesMachine: .ovenMachine
        case .ovenMachine: pizza.frozen ? .freezerMachine : .packagingMachine
        case .freezerMachine: .packagingMachine
        case .packagingMachine: nil
        }
    }

    /// This machine's step, applied to `pizza`; the toppings depend on the pizza id only, so a
    /// pizza processed again (after a crash) comes out the same.
    public func apply(to pizza: PizzaMessage, now: Int64) -> PizzaMessage {
        var pizza = pizza
        let id = pizza.pizzaId
        switch self {
        case .doughMachine:
            pizza.msgDesc = "Dough prepared"
        case .doughShaper:
            pizza.msgDesc = "Dough shaped into a base"
        case .sauceMachine:
            pizza.sauce = ["tomato", "pesto", "bbq"][id % 3]
            pizza.msgDesc = "Sauce added to pizza"
        case .cheeseMachine:
            pizza.cheese = id % 2 == 0 ? ["mozzarella", "parmesan"] : ["mozzarella"]
            pizza.msgDesc = "Cheese grated onto pizza"
        case .meatMachine:
            pizza.meat = [["pepperoni"], ["ham", "sausage"], []][id % 3]
            pizza.msgDesc = "Meat sliced onto pizza"
        case .vegetablesMachine:
            pizza.veggies = [["mushroom", "onion"], ["pepper"], ["olive", "onion"]][id % 3]
            pizza.msgDesc = "Vegetables sliced onto pizza"
        case .ovenMachine:
            pizza.baked = true
            pizza.msgDesc = "Pizza baked"
        case .freezerMachine:
            pizza.msgDesc = "Pizza frozen"
        case .packagingMachine:
            pizza.endTimestamp = now
            pizza.msgDesc = "Pizza packaged"
        }
        return pizza
    }
}
