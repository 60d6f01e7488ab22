import AMQP
import Logging
import ServiceLifecycle

/// Consumes one queue until graceful shutdown: connects (retrying while the
/// broker is down), handles up to `concurrency` messages at once, acks or
/// dead-letters each by the handler's verdict, and reconnects after a lost
/// connection. On shutdown it stops taking messages, finishes those in hand
/// and closes; whatever was not acked goes back to the queue.
public struct ConsumerLoop: Service {
    public var endpoint: AMQPEndpoint
    public var queue: String
    public var prefetch: Int
    public var concurrency: Int
    public var logger: Logger
    public var handle: @Sendable (AMQPDelivery) async -> MessageDisposition

    public init(
        endpoint: AMQPEndpoint, queue: String, prefetch: Int, concurrency: Int, logger: Logger,
        handle: @escaping @Sendable (AMQPDelivery) async -> MessageDisposition
    ) {
        self.endpoint = endpoint
        self.queue = queue
        self.prefetch = prefetch
        self.concurrency = concurrency
        self.logger = logger
        self.handle = handle
    }

    public func run() async throws {
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            let connection: AMQPConnection
            do {
                connection = try await AMQPConnection.connect(to: endpoint)
                try await AsyncQueueTopology.declare(on: connection)
            } catch {
                logger.warning("broker unavailable, retrying in 1 s: \(error)")
                try? await Task.sleep(for: .seconds(1))
                continue
            }
            do {
                try await consume(on: connection)
            } catch {
                logger.warning("consumer of \(queue) lost its connection: \(error)")
            }
            await connection.close()
        }
    }

    private func consume(on connection: AMQPConnection) async throws {
        let deliveries = try await connection.consume(queue: queue, prefetch: prefetch)
        logger.info("consuming \(queue) from \(endpoint)")
        try await withThrowingTaskGroup(of: Void.self) { group in
            var inFlight = 0
            for try await delivery in deliveries.cancelOnGracefulShutdown() {
                if inFlight >= concurrency {
                    try await group.next()
                    inFlight -= 1
                }
                group.addTask {
                    switch await handle(delivery) {
                    case .ack:
                        try await connection.ack(delivery)
                    case .deadLetter(let reason):
                        logger.notice("dead-lettering a message from \(queue): \(reason)")
                        try await connection.nack(delivery, requeue: false)
                    case .retryLater(let reason):
                        logger.warning("requeueing a message from \(queue): \(reason)")
                        try? await Task.sleep(for: .milliseconds(100))
                        try await connection.nack(delivery, requeue: true)
                    }
                }
                inFlight += 1
            }
            try await group.waitForAll()
        }
    }
}
