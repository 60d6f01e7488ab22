import ArgumentParser
import Faults
import Foundation
import Hummingbird
import Kafka
import KafkaEngine
import LabKit
import Logging
import Messaging
import OrderWorkload

/// The pizza line's wiring: each role built from its options, the same way
/// for the executable and for tests.
public enum PizzaLineServices: ServiceBuilder {
    public enum Role: String, CaseIterable, Sendable {
        case orders
        case latency
        case goodsProvider = "goods-provider"
        case doughMachine = "dough-machine"
        case doughShaper = "dough-shaper"
        case sauceMachine = "sauce-machine"
        case cheeseMachine = "cheese-machine"
        case meatMachine = "meat-machine"
        case vegetablesMachine = "vegetables-machine"
        case ovenMachine = "oven-machine"
        case freezerMachine = "freezer-machine"
        case packagingMachine = "packaging-machine"

        public var machine: Machine? { Machine(rawValue: rawValue) }
    }

    public static func build(_ role: Role, options: PizzaLineServeOptions, faults: FaultInjector, logger: Logger) throws
        -> BuiltService
    {
        let configuration = try options.kafka.configuration()
        let topics = PizzaTopics(prefix: options.topicPrefix)
        let producer = try KafkaProducer(configuration: configuration)
        let stats = ConsumerStats(service: role.rawValue)
        func source(group: String, topics subscribed: [String]) throws -> KafkaMessageSource {
            let consumer = try KafkaConsumer(
                configuration: configuration, group: options.topicPrefix + group, topics: subscribed)
            return KafkaMessageSource(
                consumer: consumer, producer: producer, deadLetterTopic: topics.deadLetters, logger: logger)
        }
        // One pizza at a time: a machine is one machine.
        let one = ProcessingLoop<KafkaMessageSource, MachineHandler>.Configuration(concurrency: 1)
        if let machine = role.machine {
            let stock = IngredientStock(units: options.units, restockUnits: options.restockUnits) { units in
                let request = Restock(machine: machine.rawValue, units: units, timestamp: PizzaJSON.nowMilliseconds)
                do {
                    try await producer.publish(
                        OutboundMessage(
                            destination: topics.restock(machine), key: machine.rawValue, body: PizzaJSON.bytes(request)
                        ))
                } catch {
                    logger.error("restock request lost: \(error)")
                }
            }
            let packaging =
                machine == .packagingMachine
                ? try PackagingLedger(store: try options.store.location(for: "pizza-line-packaging").store) : nil
            let handler = MachineHandler(
                machine: machine, topics: topics, publisher: producer, stock: stock,
                processingTime: .milliseconds(options.processingMs), packaging: packaging, stats: stats, logger: logger)
            let work = ProcessingLoop(
                source: try source(group: machine.rawValue, topics: [topics.stage(machine)]), handler: handler,
                faults: faults, stats: stats, configuration: one, logger: logger)
            let restocks = ProcessingLoop(
                source: try source(group: machine.rawValue + "-restock", topics: [topics.restockDone(machine)]),
                handler: RestockDoneHandler(stock: stock), faults: FaultInjector(),
                stats: ConsumerStats(
                    service: role.rawValue + "-restock"), configuration: .init(concurrency: 1), logger: logger)
            let router = Router()
            AdminRoutes(serviceName: machine.rawValue, injector: faults).add(to: router)
            router.get("/stats") { _, _ in try JSONResponse.encode(stats.snapshot) }
            router.get("/machine") { _, _ in
                try JSONResponse.encode(
                    MachineStatus(
                        machine: machine.rawValue, stock: await stock.snapshot,
                        packaging: try await packaging?.counts()))
            }
            return BuiltService(router: router, clients: [producer], services: [work, restocks])
        }
        switch role {
        case .orders:
            let book = OrderBook(inFlight: options.inFlight, lineCapacity: options.lineCapacity)
            let events = ProcessingLoop(
                source: try source(group: "order-processing", topics: [topics.done(.doughMachine), topics.pizzaDone]),
                handler: OrderEventsHandler(book: book, topics: topics, publisher: producer), faults: FaultInjector(),
                stats: stats, configuration: .init(concurrency: 1), logger: logger)
            let dispatcher = OrderDispatcher(book: book, topics: topics, publisher: producer, logger: logger)
            return BuiltService(
                router: PizzaOrderRoutes.router(
                    book: book, topics: topics, publisher: producer, maxPizzas: options.maxPizzas, faults: faults),
                clients: [producer], services: [events, dispatcher])
        case .latency:
            let store = try LatencyStore(store: try options.store.location(for: "pizza-line-latency").store)
            let loop = ProcessingLoop(
                source: try source(group: "latency", topics: LatencyHandler.topics(topics)),
                handler: LatencyHandler(store: store, topics: topics), faults: faults, stats: stats,
                configuration: .init(concurrency: 1), logger: logger)
            return BuiltService(
                router: LatencyRoutes.router(store: store, stats: stats, faults: faults), clients: [producer],
                services: [loop])
        case .goodsProvider:
            let loop = ProcessingLoop(
                source: try source(group: "goods-provider", topics: Machine.allCases.map { topics.restock($0) }),
                handler: GoodsProviderHandler(
                    topics: topics, publisher: producer, deliveryTime: .milliseconds(options.deliveryMs), stats: stats),
                faults: faults, stats: stats, configuration: .init(concurrency: 9), logger: logger)
            let router = Router()
            AdminRoutes(serviceName: "goods-provider", injector: faults).add(to: router)
            router.get("/stats") { _, _ in try JSONResponse.encode(stats.snapshot) }
            return BuiltService(router: router, clients: [producer], services: [loop])
        default:
            preconditionFailure("every machine role is handled above")
        }
    }
}

/// `GET /machine`: a machine's stock and, for the packaging robot, what it boxed.
public struct MachineStatus: Codable, Sendable {
    public var machine: String
    public var stock: IngredientStock.Snapshot
    public var packaging: PackagingLedger.Counts?
}
