import AMQP
import AsyncHTTPClient
import Foundation
import LabKit
import NIOCore
import LabBrokers
import Messaging
import OrderDomain
import OrderWorkload

/// Part B running for real: a RabbitMQ broker (a private node, or the one
/// `AMQP_URL` names), the three services as `commlab serve async-queue …`
/// processes, an AMQP connection of the lab's own to inspect queues and
/// publish directly, and an HTTP client to drive and read the services.
public final class AsyncQueueLab: NotifyingOrderLab {
    public let order: ServiceProcess
    public let inventory: ServiceProcess
    public let notification: ServiceProcess
    public let client: LabHTTPClient
    public let amqp: AMQPConnection
    public let endpoint: AMQPEndpoint
    /// The broker: a private node the lab started, or the one `AMQP_URL` names.
    public let broker: LabBroker
    public let workDirectory: String
    public let orderURL: String
    public let inventoryURL: String
    public let notificationURL: String

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
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let broker = try await LabBroker.rabbitMQ(
            url: options.amqpURL, directory: "\(dir)/rabbitmq", progress: progress)
        do {
            let endpoint = try AMQPEndpoint(url: broker.address)
            let amqp = try await AMQPConnection.connect(to: endpoint)
            try await AsyncQueueTopology.declare(on: amqp)
            for queue in AsyncQueueTopology.allQueues { try await amqp.purgeQueue(queue) }
            // The URL, password included, goes by environment: a command line is visible to `ps`.
            let launcher = ServiceLauncher(
                executable: options.executable, part: AsyncQueuePart.name, directory: dir,
                environment: ["AMQP_URL": broker.address])
            let inventory = launcher.process(
                "inventory", ["--database", "\(dir)/inventory.sqlite", "--stock", options.stock.argument])
            let notification = launcher.process("notification", ["--database", "\(dir)/notifications.sqlite"])
            let order = launcher.process("order")
            try await ServiceLauncher.start([inventory, notification, order], http: http)
            let lab = AsyncQueueLab(
                order: order, inventory: inventory, notification: notification, client: LabHTTPClient(http: http),
                amqp: amqp, endpoint: endpoint, broker: broker, workDirectory: dir,
                orderURL: try await order.baseURL,
                inventoryURL: try await inventory.baseURL, notificationURL: try await notification.baseURL)
            progress.say(
                "services up: order \(lab.orderURL), inventory \(lab.inventoryURL), notification \(lab.notificationURL)"
            )
            return lab
        } catch {
            await broker.stop()
            throw error
        }
    }

    private init(
        order: ServiceProcess, inventory: ServiceProcess, notification: ServiceProcess, client: LabHTTPClient,
        amqp: AMQPConnection, endpoint: AMQPEndpoint, broker: LabBroker, workDirectory: String,
        orderURL: String, inventoryURL: String, notificationURL: String
    ) {
        self.order = order
        self.inventory = inventory
        self.notification = notification
        self.client = client
        self.amqp = amqp
        self.endpoint = endpoint
        self.broker = broker
        self.workDirectory = workDirectory
        self.orderURL = orderURL
        self.inventoryURL = inventoryURL
        self.notificationURL = notificationURL
    }

    /// Stops the services, closes the lab's connection, stops a private node.
    public func stop() async {
        for process in [order, inventory, notification] { try? await process.stop() }
        await amqp.close()
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
