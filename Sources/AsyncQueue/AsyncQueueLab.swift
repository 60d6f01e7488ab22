import AMQP
import AsyncHTTPClient
import Foundation
import LabKit
import NIOCore
import OrderDomain

/// Part B running for real: a RabbitMQ broker (a private node, or the one
/// `AMQP_URL` names), the three services as `commlab serve async-queue …`
/// processes, an AMQP connection of the lab's own to inspect queues and
/// publish directly, and an HTTP client to drive and read the services.
public final class AsyncQueueLab: RunningLab {
    public let order: ServiceProcess
    public let inventory: ServiceProcess
    public let notification: ServiceProcess
    public let client: LabHTTPClient
    public let amqp: AMQPConnection
    public let endpoint: AMQPEndpoint
    /// The private node, when the lab started one.
    public let node: RabbitMQNode?
    public let workDirectory: String
    /// Stops the private node if the run is interrupted before ``stop()``.
    private let interruptCleanup: Int?
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
        var node: RabbitMQNode?
        var interruptToken: Int?
        let url: String
        if let given = options.amqpURL {
            url = given
            progress.say("using the broker at AMQP_URL (\(try AMQPEndpoint(url: given)))")
        } else {
            let started = try await RabbitMQNode.start(in: "\(dir)/rabbitmq", progress: progress)
            progress.say("rabbitmq node up: \(started.amqpURL), management UI \(started.managementURL) (guest/guest)")
            node = started
            url = started.amqpURL
            interruptToken = ChildProcessRegistry.addCleanup { try? started.stop() }
        }
        var started: [ServiceProcess] = []
        do {
            let endpoint = try AMQPEndpoint(url: url)
            let amqp = try await AMQPConnection.connect(to: endpoint)
            try await AsyncQueueTopology.declare(on: amqp)
            for queue in AsyncQueueTopology.allQueues { try await amqp.purgeQueue(queue) }
            func launch(_ name: String, _ arguments: [String]) -> ServiceProcess {
                ServiceProcess(
                    ServiceLaunch(
                        name: name, executable: options.executable,
                        arguments: ["serve", "async-queue", name, "--amqp-url", url] + arguments,
                        logPath: "\(dir)/\(name).log"))
            }
            let inventory = launch(
                "inventory", ["--database", "\(dir)/inventory.sqlite", "--stock", options.stock.argument])
            let notification = launch("notification", ["--database", "\(dir)/notifications.sqlite"])
            let order = launch("order", [])
            for process in [inventory, notification, order] {
                try await process.start(http: http)
                started.append(process)
            }
            let lab = AsyncQueueLab(
                order: order, inventory: inventory, notification: notification, client: LabHTTPClient(http: http),
                amqp: amqp, endpoint: endpoint, node: node, workDirectory: dir, interruptCleanup: interruptToken,
                orderURL: try await order.baseURL,
                inventoryURL: try await inventory.baseURL, notificationURL: try await notification.baseURL)
            progress.say(
                "services up: order \(lab.orderURL), inventory \(lab.inventoryURL), notification \(lab.notificationURL)"
            )
            return lab
        } catch {
            for process in started { try? await process.stop() }
            try? node?.stop()
            if let interruptToken { ChildProcessRegistry.removeCleanup(interruptToken) }
            throw error
        }
    }

    private init(
        order: ServiceProcess, inventory: ServiceProcess, notification: ServiceProcess, client: LabHTTPClient,
        amqp: AMQPConnection, endpoint: AMQPEndpoint, node: RabbitMQNode?, workDirectory: String,
        interruptCleanup: Int?, orderURL: String, inventoryURL: String, notificationURL: String
    ) {
        self.interruptCleanup = interruptCleanup
        self.order = order
        self.inventory = inventory
        self.notification = notification
        self.client = client
        self.amqp = amqp
        self.endpoint = endpoint
        self.node = node
        self.workDirectory = workDirectory
        self.orderURL = orderURL
        self.inventoryURL = inventoryURL
        self.notificationURL = notificationURL
    }

    /// Stops the services, closes the lab's connection, stops a private node.
    public func stop() async {
        for process in [order, inventory, notification] { try? await process.stop() }
        await amqp.close()
        try? node?.stop()
        if let interruptCleanup { ChildProcessRegistry.removeCleanup(interruptCleanup) }
    }

    public func placeOrder(user: String = "student-1", item: String = "pizza", quantity: Int = 1) async -> HTTPExchange
    {
        await client.send(
            .POST, orderURL + "/order",
            body: ByteBuffer(string: #"{"user_id":"\#(user)","item":"\#(item)","quantity":\#(quantity)}"#))
    }

    /// Publishes an `OrderPlaced` straight to the exchange, as another producer would.
    public func publish(_ event: OrderPlaced) async throws {
        try await amqp.publish(
            Array(try JSONEncoder().encode(event)), exchange: AsyncQueueTopology.ordersExchange,
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

    public func stock() async throws -> StockLevels {
        StockLevels(try await client.getJSON(inventoryURL + "/stock", as: [String: Int].self))
    }

    public func inventoryStats() async throws -> ConsumerStats.Snapshot {
        try await client.getJSON(inventoryURL + "/stats")
    }

    public func notificationStats() async throws -> ConsumerStats.Snapshot {
        try await client.getJSON(notificationURL + "/stats")
    }

    public func notificationCount() async throws -> Int {
        try await client.getJSON(notificationURL + "/notifications/count", as: [String: Int].self)["count"] ?? 0
    }

    public func notificationLatency(since: Timestamp) async throws -> NotificationLatency {
        try await client.getJSON(notificationURL + "/notifications/latency?since_us=\(since.microsecondsSinceEpoch)")
    }

    public func setInventoryFaults(_ plan: FaultPlan) async throws {
        try await client.setFaults(plan, at: inventoryURL)
    }

    /// Polls `probe` until it returns true or `limit` passes; returns whether it did.
    public func wait(
        upTo limit: Duration = .seconds(30), every interval: Duration = .milliseconds(50),
        until probe: @Sendable () async throws -> Bool
    ) async throws -> Bool {
        try await poll(upTo: limit, every: interval, until: probe)
    }
}
