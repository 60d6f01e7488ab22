import AMQP
import AsyncHTTPClient
import Brokers
import Faults
import Foundation
import LabKit
import Logging
import Messaging
import OrderDomain
import OrderWorkload
import RabbitMQEngine
import Synchronization

/// Part D running for real: a RabbitMQ node (a private one, or the broker
/// `AMQP_URL` names), its streams, the three services as
/// `commlab serve rabbitmq-stream …` processes, and the lab's own connection
/// for writing straight to a stream and measuring where its end is.
public final class RabbitStreamLab: BrokeredOrderLab, LogLab, BrokeredLab {
    public let core: BrokeredLabCore<AMQPLabLink>
    /// Read-only handles on the readers' stores, opened once each: the gauges read them every sample.
    private let offsetObservers = Mutex<[String: ReaderOffsets]>([:])
    /// The lab's live connection to the broker, for inspecting queues and publishing directly.
    public var amqp: AMQPConnection {
        get async throws { try await core.clients.connection }
    }
    public var endpoint: AMQPEndpoint { core.clients.endpoint }

    public var producerService: ServiceProcess { services["producer"] }
    public var inventory: ServiceProcess { services["inventory"] }
    public var analytics: ServiceProcess { services["analytics"] }
    public var orderURL: String { services.url("producer") }
    public var inventoryURL: String { services.url("inventory") }
    public var analyticsURL: String { services.url("analytics") }
    /// The producer's deadline for the broker's confirm.
    public var acceptDeadline: Duration { .seconds(5) }

    public typealias Options = BrokeredOrderLabOptions

    public static func start(_ options: Options, http: HTTPClient, progress: ProgressLog) async throws
        -> RabbitStreamLab
    {
        // Replicated: a three-node cluster, whose streams replicate over its nodes; the dead letters' queue quorum.
        let replicated = options.deployment == .replicated
        let queueType: AMQPQueueType = replicated ? .quorum : .classic
        let engine: any BrokerEngine.Type = replicated ? RabbitMQClusterBroker.self : RabbitMQBroker.self
        let core = try await options.start(
            engine, part: RabbitStreamPart.name, reader: "analytics", front: "producer",
            sharedArguments: replicated ? ["--queue-type", queueType.rawValue] : [], http: http, progress: progress
        ) { try await AMQPLabLink.open(to: $0, prepare: RabbitStreamTopology.declaration(queueType)) }
        return try await RabbitStreamLab(core: core).prepared { try await $0.warmUp() }
    }

    private init(core: BrokeredLabCore<AMQPLabLink>) {
        self.core = core
    }

    /// The next offset each reader will read, by stream, as it stored it.
    public func readerOffsets() async throws -> (inventory: [String: Int64], analytics: [String: Int64]) {
        (try await client.getJSON(inventoryURL + "/offsets"), try await client.getJSON(analyticsURL + "/offsets"))
    }

    /// Appends `event` to `order-events` as another producer would, confirmed.
    public func publish(_ event: OrderPlaced) async throws {
        let message = RabbitStreamTopology.orderPlaced(event)
        try await amqp.publish(
            message.body, exchange: message.destination, routingKey: message.key ?? "",
            properties: AMQPMessageProperties(
                messageID: message.messageID, headers: message.headers.mapValues { .string($0) }))
    }

    /// Appends raw bytes to `order-events` (a broken producer).
    public func publishRaw(_ body: String) async throws {
        try await amqp.publish(Array(body.utf8), exchange: RabbitStreamTopology.orderEvents, routingKey: "")
    }

    /// Appends `count` OrderPlaced events with every publish confirmed, up to
    /// `inFlight` unconfirmed at once, a share of them with status `failed`.
    public func appendEvents(_ count: Int, failureShare: Double) async throws -> AppendedEvents {
        let inFlight = 2_000
        let failedEvery = failureShare > 0 ? max(1, Int((1 / failureShare).rounded())) : Int.max
        let clock = ContinuousClock()
        let start = clock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<count {
                if index >= inFlight { try await group.next() }
                var order = OrderRequest(
                    userID: "bulk-\(index % 50)", lines: [.init(itemID: "pizza", quantity: 1, price: 12.5)]
                ).place()
                if index % failedEvery == failedEvery - 1 { order.status = .failed }
                let event = OrderPlaced(order: order)
                group.addTask { try await self.publish(event) }
            }
            try await group.waitForAll()
        }
        return AppendedEvents(
            seconds: (clock.now - start).seconds, failed: failureShare > 0 ? count / failedEvery : 0,
            deliveryErrors: 0)
    }

    /// The offsets the reader whose store is at `path` has saved, read-only; nil until its store exists.
    func storedOffsets(at path: String) -> ReaderOffsets? {
        if let open = offsetObservers.withLock({ $0[path] }) { return open }
        guard let opened = try? ReaderOffsets.observing(path: path) else { return nil }
        offsetObservers.withLock { $0[path] = opened }
        return opened
    }

    /// The offset one past the last record of `stream`.
    public func streamEnd(_ stream: String) async throws -> Int64 {
        try await AMQPConnection.streamEnd(stream, at: endpoint)
    }

    /// Records each reader has still to read, per stream: the stream's end minus the reader's next offset.
    public func readerLag() async throws -> [String: Int64] {
        try await readerLag(of: try await readerOffsets())
    }

    /// The lag of readers at `offsets` (read earlier) against the streams' ends now.
    public func readerLag(of offsets: (inventory: [String: Int64], analytics: [String: Int64])) async throws
        -> [String: Int64]
    {
        let orderEnd = try await streamEnd(RabbitStreamTopology.orderEvents)
        let inventoryEnd = try await streamEnd(RabbitStreamTopology.inventoryEvents)
        return [
            "inventory ← order-events": orderEnd - (offsets.inventory[RabbitStreamTopology.orderEvents] ?? 0),
            "analytics ← order-events": orderEnd - (offsets.analytics[RabbitStreamTopology.orderEvents] ?? 0),
            "analytics ← inventory-events": inventoryEnd
                - (offsets.analytics[RabbitStreamTopology.inventoryEvents] ?? 0),
        ]
    }

    /// True when every reader has stored an offset at the end of what it reads.
    public func readersCaughtUp() async throws -> Bool {
        try await readerLag().values.allSatisfy { $0 <= 0 }
    }

    /// When every reader was last seen reaching the end of what it reads, or nil if they have not.
    ///
    /// Checking the ends costs a connection and ~300 ms of quiet per stream (RabbitMQ 3.10 gives AMQP
    /// 0-9-1 clients no call for a stream's end), so a check answers late. The readers' offsets are
    /// cheap and `watch` remembers when they were first seen at their current values: if the ends read
    /// afterwards are no further on, the readers were already at the end then, and that is the time
    /// returned, not the time the check finished.
    public func readersCaughtUp(watching watch: ReaderOffsetWatch) async throws -> ContinuousClock.Instant? {
        let offsets = try await readerOffsets()
        let firstSeen = watch.see(inventory: offsets.inventory, analytics: offsets.analytics)
        guard try await readerLag(of: offsets).values.allSatisfy({ $0 <= 0 }) else { return nil }
        return firstSeen
    }

    /// Messages in the dead-letter queue.
    public func deadLetterCount() async throws -> Int {
        try await amqp.inspectQueue(RabbitStreamTopology.deadLetters).messageCount
    }

    /// The `reason` header of every dead letter, oldest first, read without taking them.
    public func deadLetterReasons() async throws -> [String] {
        try await core.clients.peekHeader("reason", in: RabbitStreamTopology.deadLetters)
    }
}
