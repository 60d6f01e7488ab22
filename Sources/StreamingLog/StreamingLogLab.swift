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
public final class StreamingLogLab: BrokeredOrderLab, LogLab {
    public let services: RunningServices
    public let client: LabHTTPClient
    public let kafka: KafkaLabClients
    public var producer: KafkaProducer { kafka.producer }
    public var configuration: KafkaConfiguration { kafka.configuration }
    /// The broker: the embedded one the lab started, or the cluster `KAFKA_BROKERS` names.
    public let broker: LabBroker
    public let workDirectory: String

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
        public var executable: String
        public var workDirectory: String
        public var stock: StockLevels
        public var partitions: Int
        /// An existing cluster; nil starts the embedded broker.
        public var kafkaBrokers: String?

        public init(
            executable: String, workDirectory: String, stock: StockLevels, partitions: Int, kafkaBrokers: String?
        ) {
            self.executable = executable
            self.workDirectory = workDirectory
            self.stock = stock
            self.partitions = partitions
            self.kafkaBrokers = kafkaBrokers
        }
    }

    public static func start(_ options: Options, http: HTTPClient, progress: ProgressLog) async throws
        -> StreamingLogLab
    {
        let dir = options.workDirectory
        return try await KafkaBroker.withBroker(
            forLabIn: dir, executable: options.executable, address: options.kafkaBrokers, progress: progress
        ) { broker in
            let configuration = KafkaLabClients.configuration(bootstrap: broker.address)
            try await StreamingTopology.create(
                partitions: options.partitions, configuration: configuration, embeddedControlURL: broker.controlURL)
            let kafka = try KafkaLabClients(configuration: configuration)
            let launcher = ServiceLauncher(
                executable: options.executable, part: StreamingLogPart.name, directory: dir,
                sharedArguments: ["--kafka-brokers", broker.address, "--session-timeout-ms", "3000"])
            var services = RunningServices()
            do {
                try await services.start(
                    [
                        launcher.process(
                            "inventory", ["--database", "\(dir)/inventory.sqlite", "--stock", options.stock.argument]),
                        launcher.process("analytics", ["--database", "\(dir)/analytics.sqlite"]),
                        launcher.process("producer"),
                    ], http: http)
            } catch {
                await kafka.close()
                throw error
            }
            let lab = StreamingLogLab(
                services: services, client: LabHTTPClient(http: http), kafka: kafka, broker: broker,
                workDirectory: dir)
            progress.say("services up: \(services.summary)")
            progress.say("waiting for both consumer groups to be assigned their partitions")
            // On failure the lab stops its services, the producer and the broker.
            return try await lab.prepared { lab in
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
    }

    private init(
        services: RunningServices, client: LabHTTPClient, kafka: KafkaLabClients, broker: LabBroker,
        workDirectory: String
    ) {
        self.services = services
        self.client = client
        self.kafka = kafka
        self.broker = broker
        self.workDirectory = workDirectory
    }

    public func stop() async {
        await services.stop()
        await kafka.close()
        await broker.stop()
    }

    /// Appends `count` OrderPlaced events as the bulk producer does, a share
    /// of them with status `failed`.
    public func produceBulk(_ count: Int, failureShare: Double, inFlight: Int = 20_000) async -> (
        seconds: Double, failed: Int, errors: Int
    ) {
        let outcome = await BulkProducer(producer: producer, inFlight: inFlight).produce(
            count, failureShare: failureShare)
        return (outcome.seconds, outcome.failedEvents, outcome.deliveryErrors)
    }

    public func produceRaw(_ bytes: String) async throws {
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

    public func appendEvents(_ count: Int, failureShare: Double) async throws -> Int {
        await produceBulk(count, failureShare: failureShare).failed
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
