import LabKit

/// The pizza line's scenarios, in the order they run on one line.
public enum PizzaLineScenarios {
    public static var all: [any Scenario<PizzaLineLab>] {
        [OrdersScenario(), BackPressureScenario(), RestockScenario(), CrashResumeScenario(), PizzaBadInputScenario()]
    }
}
