import Messaging

/// The latency consumer: what ksqlDB does in the seed, one topic at a time into ``LatencyStore``.
public struct LatencyHandler: MessageHandler {
    public let store: LatencyStore
    public let topics: PizzaTopics

    public init(store: LatencyStore, topics: PizzaTopics) {
        self.store = store
        self.topics = topics
    }

    public func handle(_ message: InboundMessage) async -> MessageDisposition {
        let data = PizzaJSON.data(message.body)
        let decoder = PizzaJSON.decoder
        do {
            switch message.source {
            case topics.orderProcessing:
                try await store.orderStarted(try decoder.decode(OrderStarted.self, from: data))
            case topics.orderDone:
                try await store.orderDone(try decoder.decode(OrderDone.self, from: data))
            case topics.stage(.doughMachine):
                try await store.pizzaDispatched(try PizzaMessage.decode(message.body))
            case topics.pizzaDone:
                try await store.pizzaDone(try decoder.decode(PizzaDone.self, from: data))
            default:
                guard let machine = topics.machine(ofDoneTopic: message.source) else { return .ack }
                try await store.stageDone(machine, try decoder.decode(StepDone.self, from: data))
            }
        } catch let error as DecodingError {
            return .deadLetter(reason: "latency: \(PizzaJSON.describe(error)) on \(message.source)")
        } catch let error as PizzaMessageError {
            return .deadLetter(reason: "latency: \(error.description)")
        } catch {
            return .retry(reason: "latency store: \(error)")
        }
        return .ack
    }

    /// The topics it reads.
    public static func topics(_ topics: PizzaTopics) -> [String] {
        [topics.orderProcessing, topics.orderDone, topics.stage(.doughMachine), topics.pizzaDone]
            + Machine.allCases.map { topics.done($0) }
    }
}
