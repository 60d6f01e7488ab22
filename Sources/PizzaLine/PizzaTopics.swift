import Kafka
import KafkaEngine

/// The line's topic names, under a prefix: each lab run uses its own prefix,
/// so a run never reads a previous run's messages (the seed needs
/// `docker-compose down -v` for that), even on a shared cluster.
public struct PizzaTopics: Sendable, Hashable {
    public var prefix: String

    public init(prefix: String = "") {
        self.prefix = prefix
    }

    public func stage(_ machine: Machine) -> String { prefix + machine.rawValue }
    public func done(_ machine: Machine) -> String { prefix + machine.rawValue + "-done" }
    public func restock(_ machine: Machine) -> String { prefix + machine.rawValue + "-restock" }
    public func restockDone(_ machine: Machine) -> String { prefix + machine.rawValue + "-restock-done" }
    public var orderProcessing: String { prefix + "order-processing" }
    public var orderDone: String { prefix + "order-done" }
    public var pizzaDone: String { prefix + "pizza-done" }
    public var deadLetters: String { prefix + "pizza-line.dlt" }

    /// The machine whose topic (`stage`, `done`, `restock` or `restock-done`) `topic` is, with the kind.
    public func machine(ofDoneTopic topic: String) -> Machine? {
        Machine.allCases.first { done($0) == topic }
    }

    public var all: [String] {
        Machine.allCases.flatMap { [stage($0), done($0), restock($0), restockDone($0)] }
            + [orderProcessing, orderDone, pizzaDone, deadLetters]
    }

    /// Creates every topic with one partition: each machine is one consumer, and one partition
    /// keeps the pizzas in the order they were dispatched.
    public func create(configuration: KafkaConfiguration, embeddedControlURL: String?) async throws {
        if let control = embeddedControlURL {
            for topic in all { try await EmbeddedKafka.createTopic(topic, partitions: 1, controlURL: control) }
        } else {
            try await KafkaAdmin(configuration: configuration).createTopics(all.map { ($0, 1) })
        }
    }
}
