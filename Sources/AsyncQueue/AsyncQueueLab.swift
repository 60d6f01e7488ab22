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
public final class AsyncQueueLab: NotifyingOrderLab, BrokeredOrderLab {
    public let services: RunningServices
    public let client: LabHTTPClient
    /// The lab's own connection, made again after the broker comes back (a crash, a restart).
    private let link: AMQPPublisher
    /// The lab's live connection to the broker, for inspecting queues and publishing directly.
    public var amqp: AMQPConnection {
        get async throws { try await link.current() }
    }
    public let endpoint: AMQPEndpoint
    /// The broker: a private node the lab started, or the one `AMQP_URL` names.
    public let broker: LabBroker
    public let workDirectory: String

    /// The order service's `--publish-timeout-ms` (its default).
    public var acceptDeadline: Duration { .seconds(5) }

    public struct Options: Sendable {
        public var executable: String
        public var workDirectory: String
        public var stock: StockLevels
        /// An existing broker; nil starts a private node.
        public var amqpURL: String?

        public init(executable: String, workDirectory: String, stock: StockLevels, amqpURL: String?) {
            self.executable = executable
            self.workDirectory = workDirectory
            self.stock = stock
            self.amqpURL = amqpURL
        }
    }

    public static func start(_ options: Options, http: HTTPClient, progress: ProgressLog) async throws -> AsyncQueueLab
    {
        let dir = options.workDirectory
        return try await RabbitMQBroker.withBroker(
            forLabIn: dir, executable: options.executable, address: options.amqpURL, progress: progress
        ) { broker in
            let endpoint = try AMQPEndpoint(url: broker.address)
            let link = AMQPPublisher(endpoint: endpoint, logger: Logger(label: "commlab.lab")) {
                connection throws(AMQPError) in try await AsyncQueueTopology.declare(on: connection)
            }
            do {
                let amqp = try await link.current()
                for queue in AsyncQueueTopology.allQueues { try await amqp.purgeQueue(queue) }
            } catch {
                await link.close()
                throw error
            }
            // The URL, password included, goes by environment: a command line is visible to `ps`.
            let launcher = ServiceLauncher(
                executable: options.executable, part: AsyncQueuePart.name, directory: dir,
                environment: [RabbitMQBroker.environmentVariable: broker.address])
            var services = RunningServices()
            do {
                try await services.start(
                    [
                        launcher.process(
                            "inventory", ["--database", "\(dir)/inventory.sqlite", "--stock", options.stock.argument]),
                        launcher.process("notification", ["--database", "\(dir)/notifications.sqlite"]),
                        launcher.process("order"),
                    ], http: http)
            } catch {
                await link.close()
                throw error
            }
            progress.say("services up: \(services.summary)")
            return AsyncQueueLab(
                services: services, client: LabHTTPClient(http: http), link: link, endpoint: endpoint, broker: broker,
                workDirectory: dir)
        }
    }

    private init(
        services: RunningServices, client: LabHTTPClient, link: AMQPPublisher, endpoint: AMQPEndpoint,
        broker: LabBroker, workDirectory: String
    ) {
        self.services = services
        self.client = client
        self.link = link
        self.endpoint = endpoint
        self.broker = broker
        self.workDirectory = workDirectory
    }

    /// Stops the services, closes the lab's connection, stops a private node.
    public func stop() async {
        await services.stop()
        await link.close()
        await broker.stop()
    }

    /// Publishes an `OrderPlaced` straight to the exchange, as another producer would.
    public func publish(_ event: OrderPlaced) async throws {
        try await amqp.publish(
            EventJSON.bytes(event), exchange: AsyncQueueTopology.ordersExchange,
            routingKey: AsyncQueueTopology.orderPlacedKey, properties: AMQPMessageProperties(messageID: event.messageID)
        )
    }

    /// Publishes arbitrary bytes where OrderPlaced events go (poison messages).
    public func publishRaw(_ body: String, messageID: String = UUIDString.make()) async throws {
        try await amqp.publish(
            Array(body.utf8), exchange: AsyncQueueTopology.ordersExchange,
            routingKey: AsyncQueueTopology.orderPlacedKey,
            properties: AMQPMessageProperties(messageID: messageID))
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
