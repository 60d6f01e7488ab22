import Faults
import AsyncHTTPClient
import Foundation
import Kafka
import LabKit
import NIOCore
import Brokers
import KafkaEngine
import Messaging
import OrderDomain
import OrderWorkload

/// Part C running for real: a Kafka-protocol broker (the embedded one in its
/// own process, or the cluster `KAFKA_BROKERS` names), its topics, the three
/// services as `commlab serve streaming-log …` processes, and the lab's own
/// producer and lag reader.
public final class StreamingLogLab: BrokeredOrderLab, LogLab, BrokeredLab {
    public let core: BrokeredLabCore<KafkaLabClients>
    public var kafka: KafkaLabClients { core.clients }
    public var producer: KafkaProducer { kafka.producer }
    public var configuration: KafkaConfiguration { kafka.configuration }

    public var producerService: ServiceProcess { services["producer"] }
    public var inventory: ServiceProcess { services["inventory"] }
    public var analytics: ServiceProcess { services["analytics"] }
    public var producerURL: String { services.url("producer") }
    public var inventoryURL: String { services.url("inventory") }
    public var analyticsURL: String { services.url("analytics") }
    /// Orders enter through the producer service.
    public var orderURL: String { producerURL }
    /// The producer's librdkafka `message.timeout.ms`: how long it waits for the broker's ack.
    public var acceptDeadline: Duration { .seconds(5) }

    public struct Options: Sendable {
        public var lab: BrokeredOrderLabOptions
        /// Partitions of `order-events` and `inventory-events`.
        public var partitions: Int

        public init(_ lab: BrokeredOrderLabOptions, partitions: Int) {
            self.lab = lab
            self.partitions = partitions
        }
    }

    public static func start(_ options: Options, http: HTTPClient, progress: ProgressLog) async throws
        -> StreamingLogLab
    {
        let replicated = options.lab.deployment == .replicated
        let engine: any BrokerEngine.Type = replicated ? KafkaClusterBroker.self : KafkaBroker.self
        let core = try await options.lab.start(
            engine, part: StreamingLogPart.name, reader: "analytics", front: "producer",
            sharedArguments: ["--session-timeout-ms", "3000"], http: http, progress: progress
        ) { broker in
            let configuration = KafkaLabClients.configuration(bootstrap: broker.address)
            try await StreamingTopology.create(
                partitions: options.partitions, configuration: configuration, embeddedControlURL: broker.controlURL,
                replication: replicated ? KafkaClusterBroker.size : 1)
            let clients = try KafkaLabClients(configuration: configuration)
            // The lab's bulk runs write past the producer service: its first records must not wait for metadata.
            try await clients.producer.prepare(topics: [StreamingTopology.orderEvents])
            return clients
        }
        progress.say("waiting for both consumer groups to be assigned their partitions")
        // On failure the lab stops its services, its clients and the broker.
        return try await StreamingLogLab(core: core, partitions: options.partitions).prepared { lab in
            _ = try await lab.wait(upTo: .seconds(30)) {
                let inventoryLag = try await lab.lag(
                    group: StreamingTopology.inventoryGroup, topics: [StreamingTopology.orderEvents])
                let analyticsLag = try await lab.lag(
                    group: StreamingTopology.analyticsGroup, topics: [StreamingTopology.orderEvents])
                return !inventoryLag.isEmpty && !analyticsLag.isEmpty
            }
            try await lab.warmUp()
        }
    }

    private init(core: BrokeredLabCore<KafkaLabClients>, partitions: Int) {
        self.core = core
        self.partitions = partitions
    }

    /// Partitions of `order-events`: at most this many inventory members have work at once.
    public let partitions: Int

    /// Appends `count` OrderPlaced events as the bulk producer does, a share
    /// of them with status `failed`.
    public func appendEvents(_ count: Int, failureShare: Double) async -> AppendedEvents {
        let outcome = await BulkProducer(producer: producer, inFlight: 20_000).produce(
            count, failureShare: failureShare)
        return AppendedEvents(
            seconds: outcome.seconds, failed: outcome.failedEvents, deliveryErrors: outcome.deliveryErrors)
    }

    /// Appends `event` to `order-events` under its user's key, as another producer would.
    public func publish(_ event: OrderPlaced) async throws {
        try await producer.send(
            topic: StreamingTopology.orderEvents, key: Array(event.order.userID.utf8),
            value: Array(EventJSON.bytes(event)))
    }

    /// Appends raw bytes to `order-events` (a broken producer).
    public func publishRaw(_ bytes: String) async throws {
        try await producer.send(topic: StreamingTopology.orderEvents, key: nil, value: Array(bytes.utf8))
    }

    public func lag(group: String, topics: [String]) async throws -> [KafkaPartitionLag] {
        try await kafka.lagReader.lag(group: group, topics: topics)
    }

    /// Records in the dead-letter topic (its high watermark).
    public func deadLetterCount() async throws -> Int64 {
        try await lag(group: "commlab-observer", topics: [StreamingTopology.deadLetters]).map(\.highWatermark).reduce(
            0, +)
    }

    public func readersCaughtUp() async throws -> Bool {
        try await groupsCaughtUp()
    }

    /// True when both groups have committed everything on their topics.
    public func groupsCaughtUp() async throws -> Bool {
        let inventoryLag = try await lag(
            group: StreamingTopology.inventoryGroup, topics: [StreamingTopology.orderEvents])
        let analyticsLag = try await lag(
            group: StreamingTopology.analyticsGroup,
            topics: [StreamingTopology.orderEvents, StreamingTopology.inventoryEvents])
        return (inventoryLag + analyticsLag).allSatisfy { $0.lag == 0 }
    }

}
