import Foundation
import Kafka
import Testing

/// The consumer's poll loop as a service, on librdkafka's in-process mock cluster.
@Suite(.timeLimit(.minutes(1)))
struct KafkaConsumerLoopTests {
    let cluster: KafkaMockCluster
    let configuration: KafkaConfiguration
    let topic = "loop-\(UUID().uuidString.prefix(8))"

    init() throws {
        cluster = try KafkaMockCluster()
        try cluster.createTopic(topic, partitions: 2)
        var configuration = KafkaConfiguration(bootstrapServers: cluster.bootstrapServers)
        configuration.messageTimeoutMilliseconds = 5_000
        self.configuration = configuration
    }

    func produce(_ count: Int) async throws {
        let producer = try KafkaProducer(configuration: configuration)
        for index in 0..<count { try await producer.send(topic: topic, key: nil, value: Array("e\(index)".utf8)) }
        await producer.shutdown()
    }

    @Test func whileRunningDeliversEveryRecordThenEndsTheBatches() async throws {
        try await produce(50)
        let consumer = try KafkaConsumer(configuration: configuration, group: "g-\(UUID())", topics: [topic])
        let values = try await consumer.whileRunning {
            var values: Set<[UInt8]> = []
            for await batch in consumer.batches {
                values.formUnion(batch.map(\.value))
                if values.count == 50 { break }
            }
            return values
        }
        #expect(values.count == 50)
        #expect(!consumer.isRunning)
        // The loop has ended: the stream is finished, not left waiting.
        var after = consumer.batches.makeAsyncIterator()
        #expect(await after.next() == nil)
    }

    /// With room for 5 records the loop hands over at most 5 before the
    /// reader takes some, and still delivers all of them as the reader reads.
    @Test func aSlowReaderBoundsWhatTheLoopHandsOver() async throws {
        try await produce(40)
        let consumer = try KafkaConsumer(
            configuration: configuration, group: "g-\(UUID())", topics: [topic], bufferSize: 5, maxBatch: 100)
        let sizes = try await consumer.whileRunning {
            var sizes: [Int] = []
            for await batch in consumer.batches {
                sizes.append(batch.count)
                try? await Task.sleep(for: .milliseconds(20))
                if sizes.reduce(0, +) >= 40 { break }
            }
            return sizes
        }
        #expect(sizes.reduce(0, +) == 40)
        #expect(sizes.allSatisfy { $0 <= 5 }, "batches of \(sizes)")
    }

    @Test func aCallAfterCloseIsRefusedNotLeftWaiting() async throws {
        let consumer = try KafkaConsumer(configuration: configuration, group: "g-\(UUID())", topics: [topic])
        try await consumer.whileRunning {}
        await #expect(throws: KafkaError.self) { try await consumer.assignedPartitions() }
    }

    /// A query does not wait for the loop: a consumer not yet run answers it, and still leaves its group on close.
    @Test func aQueryBeforeTheLoopRunsIsAnswered() async throws {
        let consumer = try KafkaConsumer(configuration: configuration, group: "g-\(UUID())", topics: [topic])
        #expect(try await consumer.assignedPartitions().isEmpty)
        consumer.close()
        var iterator = consumer.batches.makeAsyncIterator()
        #expect(await iterator.next() == nil)
        await #expect(throws: KafkaError.self) { try await consumer.assignedPartitions() }
    }

    @Test func cancellingTheServiceEndsTheLoop() async throws {
        let consumer = try KafkaConsumer(configuration: configuration, group: "g-\(UUID())", topics: [topic])
        let running = Task { try await consumer.run() }
        try await Task.sleep(for: .milliseconds(200))
        running.cancel()
        try await running.value
        var iterator = consumer.batches.makeAsyncIterator()
        #expect(await iterator.next() == nil)
    }
}
