import Foundation
import Kafka
import Logging
import Messaging
import Testing

/// Part C's message source on librdkafka's mock cluster in this process (as swift-kafka-client's unit
/// tests do): what it commits, and what a dead letter carries.
@Suite(.timeLimit(.minutes(1))) struct KafkaMessageSourceTests {
    let cluster: KafkaMockCluster
    let configuration: KafkaConfiguration
    let topic = "events"
    let deadLetters = "events.dlt"

    init() throws {
        cluster = try KafkaMockCluster()
        try cluster.createTopic(topic, partitions: 1)
        try cluster.createTopic(deadLetters, partitions: 1)
        var configuration = KafkaConfiguration(bootstrapServers: cluster.bootstrapServers)
        configuration.messageTimeoutMilliseconds = 5_000
        self.configuration = configuration
    }

    func source(group: String, producer: KafkaProducer) throws -> KafkaMessageSource {
        KafkaMessageSource(
            consumer: try KafkaConsumer(configuration: configuration, group: group, topics: [topic]),
            producer: producer, deadLetterTopic: deadLetters, logger: Logger(label: "test"))
    }

    func take(_ count: Int, from subscription: KafkaSubscription) async -> [InboundMessage] {
        var taken: [InboundMessage] = []
        for await batch in subscription.batches {
            taken += batch
            if taken.count >= count { break }
        }
        return taken
    }

    /// The committed offset of `group`, once it reaches `expected` (the source commits every 100 ms).
    func committed(_ group: String, reaching expected: Int64) async throws -> Int64 {
        let lag = KafkaLagReader(configuration: configuration)
        var committed: Int64 = -1
        for _ in 0..<100 where committed != expected {
            committed = try await lag.lag(group: group, topics: [topic]).first?.committed ?? -1
            if committed != expected { try await Task.sleep(for: .milliseconds(50)) }
        }
        await lag.close()
        return committed
    }

    @Test func onlyAcknowledgedMessagesAreCommittedAndInOrder() async throws {
        let producer = try KafkaProducer(configuration: configuration)
        for index in 0..<3 { try await producer.send(topic: topic, key: nil, value: Array("e\(index)".utf8)) }
        let group = "g-\(UUID())"
        let subscription = try await source(group: group, producer: producer).subscribe()
        let messages = await take(3, from: subscription)
        try #require(messages.count == 3)
        subscription.taken(messages)
        // The third is finished first: nothing past the unfinished second may be committed.
        try await subscription.acknowledge([messages[0], messages[2]])
        #expect(try await committed(group, reaching: 1) == 1)
        try await subscription.acknowledge([messages[1]])
        #expect(try await committed(group, reaching: 3) == 3)
        await subscription.close()
        await producer.shutdown()
    }

    @Test func aDeadLetterCarriesItsReasonAndOriginAndIsCommitted() async throws {
        let producer = try KafkaProducer(configuration: configuration)
        try await producer.send(topic: topic, key: Array("k".utf8), value: Array("{oops".utf8))
        let group = "g-\(UUID())"
        let subscription = try await source(group: group, producer: producer).subscribe()
        let message = try #require(await take(1, from: subscription).first)
        subscription.taken([message])
        try await subscription.deadLetter(message, reason: "not JSON")
        #expect(try await committed(group, reaching: 1) == 1)
        let reader = try runningConsumer(configuration: configuration, group: "r-\(UUID())", topics: [deadLetters])
        var iterator = reader.messages.makeAsyncIterator()
        let dead = try #require(await iterator.next())
        #expect(dead.value == Array("{oops".utf8) && dead.key == Array("k".utf8))
        #expect(dead.headers["reason"] == Array("not JSON".utf8))
        #expect(dead.headers["source-topic"] == Array(topic.utf8))
        #expect(dead.headers["source-offset"] == Array("0".utf8))
        #expect(dead.headers["consumer-group"] == Array(group.utf8))
        reader.close()
        await subscription.close()
        await producer.shutdown()
    }
}
