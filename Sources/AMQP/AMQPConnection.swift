import AsyncAlgorithms
import CRabbitMQ

/// A connection to an AMQP 0-9-1 broker (RabbitMQ) with the operations the
/// lab needs: declare topology, publish with publisher confirms, consume
/// with manual acks and a prefetch limit.
///
/// Each connection has its own thread (librabbitmq blocks); every method here
/// is async and suspends instead of blocking. A lost connection surfaces as an
/// ``AMQPError`` from every pending and later call, and ends the delivery stream.
/// Use one connection per role (a publisher, a consumer), as RabbitMQ advises.
public final class AMQPConnection: Sendable {
    private let core: ConnectionCore

    /// The broker this connection talks to (password not included).
    public var endpoint: AMQPEndpoint { core.endpoint }

    /// True once the connection has ended (closed, or lost with the broker): every call on it fails.
    public var isClosed: Bool { core.closedReason != nil }
    /// Why the connection ended (the broker closed it, the socket failed, two heartbeats passed without a
    /// byte from the broker), or nil while it is open.
    public var closedReason: AMQPError? { core.closedReason }

    private init(core: ConnectionCore) {
        self.core = core
    }

    /// Connects and logs in; fails with ``AMQPError/connectionFailed(endpoint:detail:)``
    /// when nothing listens, at once rather than after a long timeout.
    /// With fallbacks (a cluster's other nodes), each is tried in turn until one logs in; the first node's
    /// error is thrown when none does.
    public static func connect(to endpoint: AMQPEndpoint) async throws(AMQPError) -> AMQPConnection {
        let nodes = endpoint.nodes
        guard nodes.count > 1 else { return try await connect(toNode: endpoint) }
        var firstError: AMQPError?
        for node in nodes {
            do {
                return try await connect(toNode: node)
            } catch {
                firstError = firstError ?? error
                if Task.isCancelled { break }
            }
        }
        throw firstError ?? .connectionFailed(endpoint: endpoint.description, detail: "no node to connect to")
    }

    private static func connect(toNode endpoint: AMQPEndpoint) async throws(AMQPError) -> AMQPConnection {
        let core = ConnectionCore(endpoint: endpoint)
        core.start()
        do {
            try await core.perform { core throws(AMQPError) in try core.open() }
        } catch {
            // Cancelled or failed: end the connection's thread, whatever state the login reached.
            core.submit(ConnectionCore.Job(run: { $0.closeCleanly() }, cancel: { _ in }))
            throw error
        }
        return AMQPConnection(core: core)
    }

    public static func connect(url: String) async throws(AMQPError) -> AMQPConnection {
        try await connect(to: AMQPEndpoint(url: url))
    }

    /// Declares an exchange (idempotent when it exists with the same settings).
    public func declareExchange(_ name: String, type: String = "direct", durable: Bool = true) async throws(AMQPError) {
        try await core.perform { core throws(AMQPError) in
            let connection = try core.connection()
            let channel = try core.adminChannel()
            let arena = CArena()
            defer { arena.release() }
            amqp_exchange_declare(
                connection, channel, arena.bytes(name), arena.bytes(type), 0, durable ? 1 : 0, 0, 0, amqp_empty_table)
            try core.check(amqp_get_rpc_reply(connection), "exchange.declare \(name)")
        }
    }

    /// Declares a queue and returns its state.
    @discardableResult
    public func declareQueue(_ queue: AMQPQueueDeclaration) async throws(AMQPError) -> AMQPQueueState {
        try await core.perform { core throws(AMQPError) in
            let connection = try core.connection()
            let channel = try core.adminChannel()
            let arena = CArena()
            defer { arena.release() }
            let ok = amqp_queue_declare(
                connection, channel, arena.bytes(queue.name), 0, queue.durable ? 1 : 0, 0, 0,
                arena.table(queue.arguments))
            try core.check(amqp_get_rpc_reply(connection), "queue.declare \(queue.name)")
            guard let ok else { throw .library(operation: "queue.declare", detail: "no reply") }
            return AMQPQueueState(
                messageCount: Int(ok.pointee.message_count), consumerCount: Int(ok.pointee.consumer_count))
        }
    }

    /// The state of an existing queue (a passive declare): ready messages and consumers.
    public func inspectQueue(_ name: String) async throws(AMQPError) -> AMQPQueueState {
        try await core.perform { core throws(AMQPError) in
            let connection = try core.connection()
            let channel = try core.adminChannel()
            let arena = CArena()
            defer { arena.release() }
            let ok = amqp_queue_declare(connection, channel, arena.bytes(name), 1, 0, 0, 0, amqp_empty_table)
            try core.check(amqp_get_rpc_reply(connection), "queue.declare (passive) \(name)")
            guard let ok else { throw .library(operation: "queue.declare", detail: "no reply") }
            return AMQPQueueState(
                messageCount: Int(ok.pointee.message_count), consumerCount: Int(ok.pointee.consumer_count))
        }
    }

    public func bindQueue(_ queue: String, to exchange: String, routingKey: String) async throws(AMQPError) {
        try await core.perform { core throws(AMQPError) in
            let connection = try core.connection()
            let channel = try core.adminChannel()
            let arena = CArena()
            defer { arena.release() }
            amqp_queue_bind(
                connection, channel, arena.bytes(queue), arena.bytes(exchange), arena.bytes(routingKey),
                amqp_empty_table)
            try core.check(amqp_get_rpc_reply(connection), "queue.bind \(queue) → \(exchange)")
        }
    }

    /// Deletes a queue and the messages in it; returns how many it held.
    @discardableResult
    public func deleteQueue(_ name: String) async throws(AMQPError) -> Int {
        try await core.perform { core throws(AMQPError) in
            let connection = try core.connection()
            let channel = try core.adminChannel()
            let arena = CArena()
            defer { arena.release() }
            let ok = amqp_queue_delete(connection, channel, arena.bytes(name), 0, 0)
            try core.check(amqp_get_rpc_reply(connection), "queue.delete \(name)")
            return Int(ok?.pointee.message_count ?? 0)
        }
    }

    /// Drops every ready message of a queue; returns how many.
    @discardableResult
    public func purgeQueue(_ name: String) async throws(AMQPError) -> Int {
        try await core.perform { core throws(AMQPError) in
            let connection = try core.connection()
            let channel = try core.adminChannel()
            let arena = CArena()
            defer { arena.release() }
            let ok = amqp_queue_purge(connection, channel, arena.bytes(name))
            try core.check(amqp_get_rpc_reply(connection), "queue.purge \(name)")
            return Int(ok?.pointee.message_count ?? 0)
        }
    }

    /// Publishes and waits until the broker confirms it has taken the message
    /// (for a persistent message to a durable queue: written to disk).
    /// Many concurrent calls pipeline on the connection.
    public func publish(
        _ body: [UInt8], exchange: String, routingKey: String, properties: AMQPMessageProperties = .init()
    ) async throws(AMQPError) {
        // A paused or blocked broker never confirms: cancelling the caller ends the wait.
        try await ConfirmWaiter.value(of: "publish to \(exchange)") { waiter in
            self.core.publish(
                exchange: exchange, routingKey: routingKey, body: body, properties: properties, waiter: waiter)
        }
    }

    /// Starts consuming `queue` with manual acknowledgement, at most
    /// `prefetch` unacknowledged messages in flight; each element is what
    /// one read of the socket brought. The stream ends with an error when
    /// the connection is lost.
    /// `arguments` go with `basic.consume`: `x-stream-offset` says where a
    /// stream consumer starts (see ``AMQPStreamOffset``).
    public func consumeBatches(queue: String, prefetch: Int, arguments: [String: AMQPFieldValue] = [:])
        async throws(AMQPError) -> AsyncThrowingStream<[AMQPDelivery], any Error>
    {
        let (stream, continuation) = AsyncThrowingStream.makeStream(of: [AMQPDelivery].self)
        try await core.perform { core throws(AMQPError) in
            try core.startConsuming(
                queue: queue, prefetch: prefetch, arguments: arguments, continuation: continuation)
        }
        return stream
    }

    /// ``consumeBatches(queue:prefetch:)`` one delivery at a time.
    public func consume(queue: String, prefetch: Int) async throws(AMQPError)
        -> AsyncThrowingFlatMapSequence<
            AsyncThrowingStream<[AMQPDelivery], any Error>, AsyncSyncSequence<[AMQPDelivery]>
        >
    {
        try await consumeBatches(queue: queue, prefetch: prefetch).flatMap { $0.async }
    }

    /// Acknowledges a delivery: the broker forgets it.
    public func ack(_ delivery: AMQPDelivery) async throws(AMQPError) {
        try await ack(deliveryTag: delivery.deliveryTag)
    }

    /// Acknowledges a delivery by its tag on this connection.
    public func ack(deliveryTag tag: UInt64) async throws(AMQPError) {
        try await ack(deliveryTags: [tag])
    }

    /// Acknowledges deliveries by their tags in one trip to the connection's
    /// thread. With `multiple`, one ack of the highest tag settles every
    /// unacknowledged delivery up to it: the caller says so only when no
    /// other delivery at or below it is still in hand.
    public func ack(deliveryTags tags: [UInt64], multiple: Bool = false) async throws(AMQPError) {
        guard let highest = tags.max() else { return }
        try await core.perform(onlySends: true) { core throws(AMQPError) in
            let connection = try core.connection()
            for tag in multiple ? [highest] : tags {
                let status = amqp_basic_ack(connection, ConnectionCore.workChannel, tag, multiple ? 1 : 0)
                guard status == AMQP_STATUS_OK.rawValue else {
                    throw core.fail(.connectionClosed(detail: "basic.ack: \(libraryErrorText(status))"))
                }
            }
        }
    }

    /// Acknowledges every delivery up to the highest of `tags` with one
    /// multiple ack, in hand or not: only for a stream reader, whose acks
    /// return credit and remove nothing (where the reader is lives in its own
    /// offset store), and which never acks on this connection otherwise. One
    /// frame per batch instead of one per delivery, each of which the broker
    /// handles.
    public func ackThrough(deliveryTags tags: [UInt64]) async throws(AMQPError) {
        guard !tags.isEmpty else { return }
        try await core.perform(onlySends: true) { core throws(AMQPError) in try core.ackThrough(tags) }
    }

    /// Rejects a delivery; without requeue the broker dead-letters it (when
    /// the queue has a dead-letter exchange) or drops it.
    public func nack(_ delivery: AMQPDelivery, requeue: Bool) async throws(AMQPError) {
        try await nack(deliveryTag: delivery.deliveryTag, requeue: requeue)
    }

    /// Rejects a delivery by its tag on this connection.
    public func nack(deliveryTag tag: UInt64, requeue: Bool) async throws(AMQPError) {
        try await core.perform { core throws(AMQPError) in
            let status = amqp_basic_nack(try core.connection(), ConnectionCore.workChannel, tag, 0, requeue ? 1 : 0)
            guard status == AMQP_STATUS_OK.rawValue else {
                throw core.fail(.connectionClosed(detail: "basic.nack: \(libraryErrorText(status))"))
            }
        }
    }

    /// Closes channels and connection; unacknowledged deliveries return to their
    /// queue. Waits at most `timeout` for the broker's close-ok: a paused or
    /// unreachable broker never sends it, and shutting down must not wait for it.
    public func close(timeout: Duration = .seconds(2)) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { try? await self.core.perform { core throws(AMQPError) in core.closeCleanly() } }
            group.addTask { try? await Task.sleep(for: timeout) }
            await group.next()
            group.cancelAll()
        }
    }
}
