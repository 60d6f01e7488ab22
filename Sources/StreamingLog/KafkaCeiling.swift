import Foundation
import Kafka
import KafkaEngine
import LabKit
import OrderDomain

/// What the broker and the bare client do with no processing at all, on the
/// same broker and in the same run as the benchmark: records of the
/// workload's size produced with every delivery confirmed, then read back by
/// a fresh consumer group that only counts them. The lab's figures are
/// printed as a share of these.
public struct KafkaCeiling: Sendable {
    public var configuration: KafkaConfiguration
    public var controlURL: String?
    public var partitions: Int

    public init(configuration: KafkaConfiguration, controlURL: String?, partitions: Int) {
        self.configuration = configuration
        self.controlURL = controlURL
        self.partitions = partitions
    }

    public struct Figures: Codable, Sendable {
        public var records: Int
        public var producedPerSecond: Double
        public var consumedPerSecond: Double

        enum CodingKeys: String, CodingKey {
            case records
            case producedPerSecond = "produced_per_s"
            case consumedPerSecond = "consumed_per_s"
        }
    }

    public func measure(records count: Int) async throws -> Figures {
        let topic = "ceiling-\(UUID().uuidString.prefix(8))"
        if let controlURL {
            try await EmbeddedKafka.createTopic(topic, partitions: partitions, controlURL: controlURL)
        } else {
            try await KafkaAdmin(configuration: configuration).createTopics([(topic, partitions)])
        }
        // The workload's own event, so the bytes per record match the lab's.
        let value = EventJSON.bytes(
            OrderPlaced(
                order: OrderRequest(userID: "ceiling", lines: [.init(itemID: "pizza", quantity: 1, price: 12.5)])
                    .place()))
        let producer = try KafkaProducer(configuration: configuration)
        // Connected and the topic's leaders known before the clock starts.
        try await producer.send(topic: topic, key: nil, value: value)
        let clock = ContinuousClock()
        let produceStart = clock.now
        let chunk = 1_000
        try await withThrowingTaskGroup(of: Void.self) { group in
            var running = 0
            for start in stride(from: 0, to: count, by: chunk) {
                if running >= 20 {
                    try await group.next()
                    running -= 1
                }
                let records = (start..<min(start + chunk, count)).map { index in
                    KafkaRecord(topic: topic, key: Array(String(index).utf8), value: value)
                }
                group.addTask { try await producer.send(records) }
                running += 1
            }
            try await group.waitForAll()
        }
        let produced = (clock.now - produceStart).seconds
        await producer.shutdown()

        let consumer = try KafkaConsumer(
            configuration: configuration, group: "\(topic)-reader", topics: [topic])
        let consumed = try await consumer.whileRunning {
            var read = -1
            var consumeStart: ContinuousClock.Instant?
            for await batch in consumer.batches {
                // Timed from the first record: joining the group is not reading.
                if consumeStart == nil { consumeStart = clock.now }
                read += batch.count
                if read >= count { break }
            }
            return consumeStart.map { (clock.now - $0).seconds } ?? .infinity
        }
        return Figures(
            records: count, producedPerSecond: Double(count) / produced, consumedPerSecond: Double(count) / consumed)
    }
}
