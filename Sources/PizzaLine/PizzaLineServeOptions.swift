import ArgumentParser
import KafkaEngine
import LabKit
import OrderWorkload

/// `commlab serve pizza-line ROLE` options.
public struct PizzaLineServeOptions: ParsableCommand, ServiceOptions {
    public static let configuration = CommandConfiguration(
        commandName: "commlab serve pizza-line", abstract: "One service of the pizza line; ROLE comes first.")

    public init() {}

    @OptionGroup public var server: ServerOptions

    @OptionGroup public var kafka: KafkaClientOptions

    @Option(help: "Put before every topic and group name: one run's own topics (the lab sets one per run).")
    public var topicPrefix = ""

    @OptionGroup public var store: StoreOptions

    @Option(
        help:
            "machines: milliseconds each pizza takes (the seed's machines take seconds; 20 keeps a 100-pizza order to seconds)."
    )
    public var processingMs = 20

    @Option(help: "machines: ingredient units at start (one per pizza); at 10 or fewer the machine asks for a restock.")
    public var units = 1_000

    @Option(help: "machines: units a restock asks for.")
    public var restockUnits = 100

    @Option(help: "goods-provider: milliseconds a delivery takes.")
    public var deliveryMs = 300

    @Option(help: "orders: pizzas sent to the dough machine before its dough-machine-done (the seed: 1).")
    public var inFlight = 1

    @Option(help: "orders: pizzas on the line at once (dispatched, not yet on pizza-done); bounds every backlog.")
    public var lineCapacity = 9

    @Option(help: "orders: the largest order POST /start-order/{n} takes.")
    public var maxPizzas = 500

    public func validate() throws {
        guard processingMs >= 0, units >= 0, restockUnits > 10, deliveryMs >= 0 else {
            throw ValidationError("--processing-ms, --units, --delivery-ms must be ≥ 0 and --restock-units > 10")
        }
        guard inFlight >= 1, lineCapacity >= inFlight, maxPizzas >= 1, maxPizzas < 1_000 else {
            throw ValidationError(
                "--in-flight ≥ 1, --line-capacity ≥ --in-flight, 1 ≤ --max-pizzas < 1000")
        }
    }
}
