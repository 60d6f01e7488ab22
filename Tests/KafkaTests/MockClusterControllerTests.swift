import Foundation
import Kafka
import KafkaEngine
import Testing

/// The replicated deployment's controller on librdkafka's mock cluster of three brokers (in this process, as
/// swift-kafka-client's own tests use it): leaders spread, a lost broker's leaderships and groups elected
/// elsewhere, and a producer and a group that fail over with nothing lost or read twice.
@Suite(.timeLimit(.minutes(1)))
struct MockClusterControllerTests {
    @Test func aLostLeaderIsReplacedAndClientsCarryOnWithNothingLost() async throws {
        let mock = try KafkaMockCluster(brokers: 3)
        let controller = MockClusterController(cluster: mock)
        try controller.createTopic("orders", partitions: 3, replicationFactor: 3)
        try controller.registerGroup("readers")
        let leader = try controller.leader(of: "orders")
        #expect(controller.describe().split(separator: "\n").allSatisfy { $0.contains("leads 1 partition") })

        var configuration = KafkaConfiguration(bootstrapServers: mock.bootstrapServers)
        configuration.messageTimeoutMilliseconds = 20_000
        let producer = try KafkaProducer(configuration: configuration)
        for index in 0..<30 {
            _ = try await producer.send(topic: "orders", key: Array("k\(index)".utf8), value: Array("\(index)".utf8))
        }
        let did = try controller.kill(leaderOf: "orders")
        #expect(did.contains("broker \(leader)"))
        let successor = try controller.leader(of: "orders")
        #expect(successor != leader, "partition 0 has a leader still up")
        #expect(controller.describe().contains("broker \(leader): down, leads 0 partition(s)"))
        // Written while the broker is down: the producer must find partition 0's new leader.
        for index in 30..<60 {
            _ = try await producer.send(topic: "orders", key: Array("k\(index)".utf8), value: Array("\(index)".utf8))
        }
        let consumer = try KafkaConsumer(configuration: configuration, group: "readers", topics: ["orders"])
        Task { try await consumer.run() }
        var seen: [String] = []
        for await message in consumer.messages {
            seen.append(String(decoding: message.value, as: UTF8.self))
            if seen.count == 60 { break }
        }
        #expect(Set(seen) == Set((0..<60).map(String.init)), "every record read once, through the new leaders")
        #expect(try controller.restore() == "brokers up again: \(leader)")
        #expect(try controller.leader(of: "orders") == successor, "a returning broker does not take back its lead")
        consumer.close()
        await producer.shutdown()
    }

    @Test func aPausedLeaderHoldsItsAnswersUntilRestored() async throws {
        let mock = try KafkaMockCluster(brokers: 3)
        let controller = MockClusterController(cluster: mock)
        try controller.createTopic("held", partitions: 1, replicationFactor: 3)
        let producer = try KafkaProducer(configuration: KafkaConfiguration(bootstrapServers: mock.bootstrapServers))
        _ = try await producer.send(topic: "held", key: nil, value: Array("before".utf8))
        #expect(try controller.pause(leaderOf: "held").contains("answers nothing"))
        let clock = ContinuousClock()
        let started = clock.now
        let send = Task { try await producer.send(topic: "held", key: nil, value: Array("during".utf8)) }
        try await Task.sleep(for: .milliseconds(1_500))
        _ = try controller.restore()
        _ = try await send.value
        #expect(clock.now - started >= .milliseconds(1_500), "no answer while paused")
        await producer.shutdown()
    }

    @Test func anUnknownTopicHasNoLeaderToFault() throws {
        let controller = MockClusterController(cluster: try KafkaMockCluster(brokers: 3))
        #expect(throws: MockClusterError.self) { try controller.kill(leaderOf: "never-created") }
        #expect(try controller.restore() == "every broker already up")
    }

    /// A broker process that dies before it listens is a start that failed, said as such.
    @Test func anEmbeddedClusterThatCannotStartSaysSo() async throws {
        let directory = NSTemporaryDirectory() + "commlab-kafka-\(UUID().uuidString.prefix(8))"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        do {
            _ = try await EmbeddedKafka.start(executable: "/bin/false", in: directory, engine: KafkaClusterBroker.name)
            Issue.record("a broker that exits at once was taken as started")
        } catch let error as EmbeddedKafkaError {
            #expect(error.description.contains("did not start"), "\(error)")
        }
    }
}
