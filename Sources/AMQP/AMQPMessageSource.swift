import Messaging
import Synchronization

/// A queue as a ``MessageSource``: each subscription is a fresh connection
/// (prepared by `prepare`, e.g. declaring the topology) consuming `queue`
/// with manual acks and at most `prefetch` unacknowledged messages.
/// Dead-lettering rejects without requeue, so the queue's dead-letter
/// exchange takes the message.
public struct AMQPMessageSource: MessageSource {
    public var endpoint: AMQPEndpoint
    public var queue: String
    public var prefetch: Int
    public var prepare: @Sendable (AMQPConnection) async throws(AMQPError) -> Void

    public init(
        endpoint: AMQPEndpoint, queue: String, prefetch: Int,
        prepare: @escaping @Sendable (AMQPConnection) async throws(AMQPError) -> Void = { _ throws(AMQPError) in }
    ) {
        self.endpoint = endpoint
        self.queue = queue
        self.prefetch = prefetch
        self.prepare = prepare
    }

    public func subscribe() async throws -> AMQPSubscription {
        let connection = try await AMQPConnection.connect(to: endpoint)
        do {
            try await prepare(connection)
            let deliveries = try await connection.consumeBatches(queue: queue, prefetch: prefetch)
            return AMQPSubscription(connection: connection, queue: queue, deliveries: deliveries)
        } catch {
            await connection.close()
            throw error
        }
    }
}

/// One consuming connection; messages are settled on it by delivery tag,
/// the finished ones of a batch with one `multiple` ack when no delivery
/// below them is still in hand.
public final class AMQPSubscription: MessageSubscription {
    let connection: AMQPConnection
    private let lost = Atomic<Bool>(false)
    /// Delivery tags taken and not yet settled.
    private let inHand = Mutex(Set<UInt64>())
    public let batches: AsyncThrowingMapSequence<AsyncThrowingStream<[AMQPDelivery], any Error>, [InboundMessage]>

    init(connection: AMQPConnection, queue: String, deliveries: AsyncThrowingStream<[AMQPDelivery], any Error>) {
        self.connection = connection
        batches = deliveries.map { deliveries in
            deliveries.map { delivery in
                InboundMessage(
                    source: queue, position: MessagePosition(partition: 0, offset: Int64(delivery.deliveryTag)),
                    key: Array(delivery.routingKey.utf8), body: delivery.body,
                    messageID: delivery.properties.messageID,
                    headers: delivery.properties.headers.compactMapValues(\.bytes), redelivered: delivery.redelivered)
            }
        }
    }

    public var isOpen: Bool { !lost.load(ordering: .relaxed) }

    public func taken(_ messages: [InboundMessage]) {
        inHand.withLock { tags in
            for message in messages { tags.insert(UInt64(message.position.offset)) }
        }
    }

    public func acknowledge(_ messages: [InboundMessage]) async throws {
        let tags = messages.map { UInt64($0.position.offset) }
        let multiple = inHand.withLock { inHand in
            inHand.subtract(tags)
            guard tags.count > 1, let highest = tags.max() else { return false }
            return inHand.allSatisfy { $0 > highest }
        }
        try await settle { () async throws(AMQPError) in
            try await connection.ack(deliveryTags: tags, multiple: multiple)
        }
    }

    public func deadLetter(_ message: InboundMessage, reason: String) async throws {
        try await settle { () async throws(AMQPError) in
            try await connection.nack(deliveryTag: UInt64(message.position.offset), requeue: false)
        }
        // Forgotten only once the nack is on its way, so a later multiple ack cannot cover it first.
        _ = inHand.withLock { $0.remove(UInt64(message.position.offset)) }
    }

    /// A failed ack or nack means the connection is gone: the broker requeues
    /// everything unacknowledged on it, so nothing more can be settled here.
    private func settle(_ operation: () async throws(AMQPError) -> Void) async throws(AMQPError) {
        do {
            try await operation()
        } catch {
            lost.store(true, ordering: .relaxed)
            throw error
        }
    }

    public func close() async {
        await connection.close()
    }
}
