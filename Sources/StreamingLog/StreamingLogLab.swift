import AsyncHTTPClient
import Foundation
import Kafka
import LabKit
import NIOCore
import OrderDomain

/// Part C running for real: a Kafka-protocol broker (the embedded one in its
/// own process, or the cluster `KAFKA_BROKERS` names), its topics, the three
/// services as `commlab serve streaming-log …` processes, and the lab's own
/// producer and lag reader.
public final class StreamingLogLab: RunningLab {
    public let producerService: ServiceProcess
    public let inventory: ServiceProcess
    public let analytics: ServiceProcess
    public let client: LabHTTPClient
    public let producer: KafkaProducer
    public let lagReader: KafkaLagReader
    public let configuration: KafkaConfiguration
    public let broker: EmbeddedKafka?
    public let workDirectory: String
    /// Stops the embedded broker if the run is interrupted before ``stop()``.
    private let interruptCleanup: Int?
    public let producerURL: String
    public let inventoryURL: String
    public let analyticsURL: String

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
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        var broker: EmbeddedKafka?
        var interruptToken: Int?
        let bootstrap: String
        if let given = options.kafkaBrokers {
            bootstrap = given
            progress.say("using the Kafka cluster at KAFKA_BROKERS (\(given))")
        } else {
            let started = try await EmbeddedKafka.start(executable: options.executable, in: "\(dir)/kafka")
            progress.say(
                "embedded Kafka broker up at \(started.bootstrapServers) (librdkafka mock cluster, own process)")
            broker = started
            bootstrap = started.bootstrapServers
            interruptToken = ChildProcessRegistry.addCleanup { started.stop() }
        }
        var started: [ServiceProcess] = []
        do {
            var configuration = KafkaConfiguration(bootstrapServers: bootstrap)
            configuration.messageTimeoutMilliseconds = 5_000
            try await StreamingTopology.create(
                partitions: options.partitions, configuration: configuration, embeddedControlURL: broker?.controlURL)
            let producer = try KafkaProducer(configuration: configuration)
            func launch(_ name: String, _ arguments: [String]) -> ServiceProcess {
                ServiceProcess(
                    ServiceLaunch(
                        name: name, executable: options.executable,
                        arguments: [
                            "serve", "streaming-log", name, "--kafka-brokers", bootstrap, "--session-timeout-ms",
                            "3000",
                        ]
                            + arguments,
                        logPath: "\(dir)/\(name).log"))
            }
            let inventory = launch(
                "inventory", ["--database", "\(dir)/inventory.sqlite", "--stock", options.stock.argument])
            let analytics = launch("analytics", ["--database", "\(dir)/analytics.sqlite"])
            let producerService = launch("producer", [])
            for process in [inventory, analytics, producerService] {
                try await process.start(http: http)
                started.append(process)
            }
            let lab = StreamingLogLab(
                producerService: producerService, inventory: inventory, analytics: analytics,
                client: LabHTTPClient(http: http), producer: producer,
                lagReader: KafkaLagReader(configuration: configuration), configuration: configuration, broker: broker,
                workDirectory: dir, interruptCleanup: interruptToken, producerURL: try await producerService.baseURL,
                inventoryURL: try await inventory.baseURL, analyticsURL: try await analytics.baseURL)
            progress.say(
                "services up: producer \(lab.producerURL), inventory \(lab.inventoryURL), analytics \(lab.analyticsURL)"
            )
            progress.say("waiting for both consumer groups to be assigned their partitions")
            _ = try await lab.wait(upTo: .seconds(30)) {
                let inventoryLag = try await lab.lag(
                    group: StreamingTopology.inventoryGroup, topics: [StreamingTopology.orderEvents])
                let analyticsLag = try await lab.lag(
                    group: StreamingTopology.analyticsGroup, topics: [StreamingTopology.orderEvents])
                return !inventoryLag.isEmpty && !analyticsLag.isEmpty
            }
            try await lab.warmUp()
            return lab
        } catch {
            for process in started { try? await process.stop() }
            broker?.stop()
            if let interruptToken { ChildProcessRegistry.removeCleanup(interruptToken) }
            throw error
        }
    }

    private init(
        producerService: ServiceProcess, inventory: ServiceProcess, analytics: ServiceProcess, client: LabHTTPClient,
        producer: KafkaProducer, lagReader: KafkaLagReader, configuration: KafkaConfiguration, broker: EmbeddedKafka?,
        workDirectory: String, interruptCleanup: Int?, producerURL: String, inventoryURL: String, analyticsURL: String
    ) {
        self.interruptCleanup = interruptCleanup
        self.producerService = producerService
        self.inventory = inventory
        self.analytics = analytics
        self.client = client
        self.producer = producer
        self.lagReader = lagReader
        self.configuration = configuration
        self.broker = broker
        self.workDirectory = workDirectory
        self.producerURL = producerURL
        self.inventoryURL = inventoryURL
        self.analyticsURL = analyticsURL
    }

    /// One order through, so both groups have joined and committed before a scenario measures.
    private func warmUp() async throws {
        let before = try await metrics().totalOrders
        _ = await placeOrder(user: "warm-up")
        _ = try await wait(upTo: .seconds(60)) { try await self.metrics().totalOrders > before }
    }

    public func stop() async {
        for process in [producerService, inventory, analytics] { try? await process.stop() }
        producer.close()
        broker?.stop()
        if let interruptCleanup { ChildProcessRegistry.removeCleanup(interruptCleanup) }
    }

    public func placeOrder(user: String = "student-1", item: String = "pizza", quantity: Int = 1) async -> HTTPExchange
    {
        await client.send(
            .POST, producerURL + "/order",
            body: ByteBuffer(string: #"{"user_id":"\#(user)","item":"\#(item)","quantity":\#(quantity)}"#))
    }

    /// Appends `count` OrderPlaced events as the bulk producer does, a share
    /// of them with status `failed`.
    public func produceBulk(_ count: Int, failureShare: Double, inFlight: Int = 1_000) async -> (
        seconds: Double, failed: Int, errors: Int
    ) {
        let outcome = await BulkProducer(producer: producer, inFlight: inFlight).produce(
            count, failureShare: failureShare)
        return (outcome.seconds, outcome.failedEvents, outcome.deliveryErrors)
    }

    public func produceRaw(_ bytes: String) async throws {
        try await producer.send(topic: StreamingTopology.orderEvents, key: nil, value: Array(bytes.utf8))
    }

    public func metrics() async throws -> AnalyticsMetrics {
        try await client.getJSON(analyticsURL + "/metrics")
    }

    public func inventoryStats() async throws -> StreamStats.Snapshot {
        try await client.getJSON(inventoryURL + "/stats")
    }

    public func analyticsStats() async throws -> StreamStats.Snapshot {
        try await client.getJSON(analyticsURL + "/stats")
    }

    public func lag(group: String, topics: [String]) async throws -> [KafkaPartitionLag] {
        try await lagReader.lag(group: group, topics: topics)
    }

    /// Records in the dead-letter topic (its high watermark).
    public func deadLetterCount() async throws -> Int64 {
        try await lag(group: "commlab-observer", topics: [StreamingTopology.deadLetters]).map(\.highWatermark).reduce(
            0, +)
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

    public func setAnalyticsFaults(_ plan: FaultPlan) async throws {
        try await client.setFaults(plan, at: analyticsURL)
    }

    public func wait(
        upTo limit: Duration = .seconds(60), every interval: Duration = .milliseconds(100),
        until probe: @Sendable () async throws -> Bool
    ) async throws -> Bool {
        try await poll(upTo: limit, every: interval, until: probe)
    }
}
