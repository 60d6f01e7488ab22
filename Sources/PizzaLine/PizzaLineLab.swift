import AsyncHTTPClient
import Foundation
import Kafka
import Brokers
import KafkaEngine
import LabKit
import NIOCore

/// The pizza line running for real: a Kafka-protocol broker (the embedded one
/// in its own process, or the cluster `KAFKA_BROKERS` names), this run's own
/// topics, and twelve `commlab serve pizza-line …` processes.
public final class PizzaLineLab: BrokeredLab {
    public let core: BrokeredLabCore<KafkaLabClients>
    public var kafka: KafkaLabClients { core.clients }
    public let topics: PizzaTopics
    public let options: Options

    public struct Options: Sendable {
        public var executable: String
        public var workDirectory: String
        public var kafkaBrokers: String?
        public var processingMilliseconds = 20
        public var units = 40
        public var restockUnits = 60
        public var deliveryMilliseconds = 250
        public var inFlight = 1
        public var lineCapacity = 9

        public init(executable: String, workDirectory: String, kafkaBrokers: String?) {
            self.executable = executable
            self.workDirectory = workDirectory
            self.kafkaBrokers = kafkaBrokers
        }
    }

    public var ordersURL: String { services.url("orders") }
    public var latencyURL: String { services.url("latency") }
    public func url(of machine: Machine) -> String { services.url(machine.rawValue) }

    public static func start(_ options: Options, http: HTTPClient, progress: ProgressLog) async throws -> PizzaLineLab {
        let dir = options.workDirectory
        // This run's topics only: nothing of an earlier run is read, even on a shared cluster.
        let topics = PizzaTopics(prefix: "run-\(UUID().uuidString.prefix(8).lowercased()).")
        let core = try await KafkaBroker.startLab(
            in: dir, executable: options.executable, address: options.kafkaBrokers, http: http, progress: progress
        ) { broker in
            let configuration = KafkaLabClients.configuration(bootstrap: broker.address)
            try await topics.create(configuration: configuration, embeddedControlURL: broker.controlURL)
            progress.say("topics created under the prefix \(topics.prefix) (\(topics.all.count) topics)")
            return try KafkaLabClients(configuration: configuration)
        } processes: { broker in
            processes(options, topics: topics, broker: broker)
        }
        progress.say("a one-pizza order to warm the line up")
        return try await PizzaLineLab(core: core, topics: topics, options: options).prepared { try await $0.warmUp() }
    }

    /// Twelve processes: latency and the goods provider first, then every machine, the order service last.
    private static func processes(_ options: Options, topics: PizzaTopics, broker: LabBroker) -> [ServiceProcess] {
        let dir = options.workDirectory
        let launcher = ServiceLauncher(
            executable: options.executable, part: PizzaLinePart.name, directory: dir,
            sharedArguments: ["--topic-prefix", topics.prefix, "--session-timeout-ms", "3000"],
            environment: [KafkaBroker.environmentVariable: broker.address])
        let machineArguments = [
            "--processing-ms", String(options.processingMilliseconds), "--units", String(options.units),
            "--restock-units", String(options.restockUnits),
        ]
        var processes = [
            launcher.process("latency", ["--database", "\(dir)/latency.sqlite"]),
            launcher.process("goods-provider", ["--delivery-ms", String(options.deliveryMilliseconds)]),
        ]
        for machine in Machine.allCases {
            processes.append(
                launcher.process(
                    machine.rawValue, machineArguments + ["--database", "\(dir)/\(machine.rawValue).sqlite"]))
        }
        processes.append(
            launcher.process(
                "orders", ["--in-flight", String(options.inFlight), "--line-capacity", String(options.lineCapacity)]))
        return processes
    }

    private init(core: BrokeredLabCore<KafkaLabClients>, topics: PizzaTopics, options: Options) {
        self.core = core
        self.topics = topics
        self.options = options
    }

    /// One pizza through every machine, so each group has joined before a scenario measures.
    private func warmUp() async throws {
        let answer = await startOrder(1)
        guard answer.status == 202, let started = answer.decode(OrderStarted.self) else {
            throw LabHTTPError.unexpected(url: ordersURL + "/start-order/1", exchange: answer)
        }
        guard try await awaitDone([started.orderId], upTo: .seconds(90)) else {
            throw PizzaLineLabError.warmUpTimedOut
        }
    }

    public func startOrder(_ size: Int) async -> HTTPExchange {
        await client.send(.POST, ordersURL + "/start-order/\(size)")
    }

    public func startOrder(raw: String) async -> HTTPExchange {
        await client.send(.POST, ordersURL + "/start-order/\(raw)")
    }

    public func orders() async throws -> [OrderBook.OrderState] {
        try await client.getJSON(ordersURL + "/orders")
    }

    /// Waits until every order in `ids` has written `order-done`; returns whether they all did.
    public func awaitDone(_ ids: [Int], upTo limit: Duration) async throws -> Bool {
        try await poll(upTo: limit, every: .milliseconds(100)) {
            let orders = try await self.orders()
            return ids.allSatisfy { id in orders.first { $0.orderId == id }?.done == true }
        }
    }

    public func table(_ table: LatencyStore.Table, limit: Int = 100_000) async throws -> LatencyRoutes.TableAnswer {
        try await client.getJSON(latencyURL + "/latency/\(table.rawValue)/json?limit=\(limit)")
    }

    public func csv(_ table: LatencyStore.Table) async -> HTTPExchange {
        await client.send(.GET, latencyURL + "/latency/\(table.rawValue)/download")
    }

    public func status(of machine: Machine) async throws -> MachineStatus {
        try await client.getJSON(url(of: machine) + "/machine")
    }

    /// `order-done` records per order, as the latency consumer saw them.
    public func orderDoneRecords() async throws -> [Int: Int] {
        let rows: [[String: Int]] = try await client.getJSON(latencyURL + "/latency/done-records")
        var records: [Int: Int] = [:]
        for row in rows { if let id = row["order_id"] { records[id] = row["records"] ?? 0 } }
        return records
    }

    /// Messages waiting in each machine's topic (its group's lag).
    public func backlog() async throws -> [Machine: Int64] {
        var backlog: [Machine: Int64] = [:]
        for machine in Machine.allCases {
            let lag = try await kafka.lagReader.lag(
                group: topics.prefix + machine.rawValue, topics: [topics.stage(machine)])
            backlog[machine] = lag.map { max(0, $0.lag) }.reduce(0, +)
        }
        return backlog
    }

    /// Records in the dead-letter topic.
    public func deadLetters() async throws -> Int64 {
        try await kafka.lagReader.lag(group: topics.prefix + "observer", topics: [topics.deadLetters]).map(
            \.highWatermark
        )
        .reduce(0, +)
    }

    public func produceRaw(_ text: String, to topic: String) async throws {
        try await kafka.producer.send(topic: topic, key: nil, value: Array(text.utf8))
    }
}

public enum PizzaLineLabError: Error, CustomStringConvertible {
    case warmUpTimedOut
    public var description: String {
        "the warm-up pizza did not come through the line within 90 s; see the service logs"
    }
}
