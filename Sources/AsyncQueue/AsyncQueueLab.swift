import AMQP
import AsyncHTTPClient
import Foundation
import LabKit
import Logging
import NIOCore
import Brokers
import RabbitMQEngine
import Messaging
import OrderDomain
import OrderWorkload

/// Part B running for real: a RabbitMQ broker (a private node, or the one
/// `AMQP_URL` names), the three services as `commlab serve async-queue …`
/// processes, an AMQP connection of the lab's own to inspect queues and
/// publish directly, and an HTTP client to drive and read the services.
public final class AsyncQueueLab: NotifyingOrderLab, BrokeredOrderLab, BrokeredLab {
    public let core: BrokeredLabCore<AMQPLabLink>
    /// The lab's live connection to the broker, for inspecting queues and publishing directly.
    public var amqp: AMQPConnection {
        get async throws { try await core.clients.connection }
    }
    public var endpoint: AMQPEndpoint { core.clients.endpoint }

    /// The order service's `--publish-timeout-ms` (its default).
    public var acceptDeadline: Duration { .seconds(5) }

    public typealias Options = BrokeredOrderLabOptions

    public static func start(_ options: Options, http: HTTPClient, progress: ProgressLog) async throws -> AsyncQueueLab
    {
        let replicated = options.deployment == .replicated
        let queueType: AsyncQueueTopology.QueueType = replicated ? .quorum : .classic
        let engine: any BrokerEngine.Type = replicated ? RabbitMQClusterBroker.self : RabbitMQBroker.self
        let core = try await options.start(
            engine, part: AsyncQueuePart.name, reader: "notification", front: "order",
            sharedArguments: replicated ? ["--queue-type", queueType.rawValue] : [], http: http, progress: progress
        ) { broker in
            let link = try await AMQPLabLink.open(to: broker, prepare: AsyncQueueTopology.declaration(queueType))
            do {
                let amqp = try await link.connection
                for queue in AsyncQueueTopology.allQueues { try await amqp.purgeQueue(queue) }
            } catch {
                await link.close()
                throw error
            }
            return link
        }
        return AsyncQueueLab(core: core)
    }

    private init(core: BrokeredLabCore<AMQPLabLink>) {
        self.core = core
    }

    /// Publishes an `OrderPlaced` straight to the exchange, as another producer would.
    public func publish(_ event: OrderPlaced) async throws {
        try await amqp.publish(
            EventJSON.bytes(event), exchange: AsyncQueueTopology.ordersExchange,
            routingKey: AsyncQueueTopology.orderPlacedKey, properties: AMQPMessageProperties(messageID: event.messageID)
        )
    }

    /// Publishes arbitrary bytes where OrderPlaced events go (poison messages).
    public func publishRaw(_ body: String) async throws {
        try await amqp.publish(
            Array(body.utf8), exchange: AsyncQueueTopology.ordersExchange,
            routingKey: AsyncQueueTopology.orderPlacedKey,
            properties: AMQPMessageProperties(messageID: UUIDString.make()))
    }

    /// Ready messages in a queue, as the broker counts them.
    public func depth(_ queue: String) async throws -> Int {
        try await amqp.inspectQueue(queue).messageCount
    }

    public func notificationStats() async throws -> ConsumerStats.Snapshot {
        try await client.getJSON(notificationURL + "/stats")
    }

    public func notificationLatency(since: Timestamp) async throws -> NotificationLatency {
        try await client.getJSON(notificationURL + "/notifications/latency?since_us=\(since.microsecondsSinceEpoch)")
    }

}
