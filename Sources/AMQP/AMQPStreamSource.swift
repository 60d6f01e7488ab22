import Messaging
import Synchronization

/// A RabbitMQ stream as a ``MessageSource``: a reader of its own, which
/// starts where its ``StreamOffsetStore`` says it stopped (the first record
/// when it has read none) and passes over what it finished above that.
/// RabbitMQ 3.10 keeps no reader offsets over AMQP 0-9-1 (server-side offset
/// tracking is the stream protocol's), so the reader keeps its own: its
/// handler records each message it applies as finished in the transaction
/// of its effects (see ``StreamOffsetStore``); acknowledging a message here
/// only returns the broker's credit.
///
/// A stream cannot dead-letter: a dead letter is published, with its reason
/// and origin in headers, to `deadLetterQueue` (a queue or stream), confirmed,
/// and then counts as finished.
public struct AMQPStreamSource: MessageSource {
    public var endpoint: AMQPEndpoint
    public var stream: String
    public var prefetch: Int
    public var offsets: any StreamOffsetStore
    public var deadLetterQueue: String
    /// Names this reader in a dead letter's `consumer-group` header.
    public var reader: String
    /// Shared by a service's readers so a replay can start them all again (see ``StreamReaderRestart``).
    public var restarts: StreamReaderRestart?
    public var prepare: @Sendable (AMQPConnection) async throws(AMQPError) -> Void

    public init(
        endpoint: AMQPEndpoint, stream: String, prefetch: Int, offsets: any StreamOffsetStore,
        deadLetterQueue: String, reader: String, restarts: StreamReaderRestart? = nil,
        prepare: @escaping @Sendable (AMQPConnection) async throws(AMQPError) -> Void = { _ throws(AMQPError) in }
    ) {
        self.endpoint = endpoint
        self.stream = stream
        self.prefetch = prefetch
        self.offsets = offsets
        self.deadLetterQueue = deadLetterQueue
        self.reader = reader
        self.restarts = restarts
        self.prepare = prepare
    }

    public func subscribe() async throws -> AMQPStreamSubscription {
        await restarts?.mayOpen()
        let stored = try await offsets.position(in: stream)
        if let stored, stored.next > 0 {
            // A stream asked for a position past its end attaches at its end, and what it holds would be skipped.
            let end = try await AMQPConnection.streamEnd(stream, at: endpoint)
            guard stored.next <= end else {
                throw AMQPError.offsetBeyondEnd(stream: stream, offset: stored.next, end: end)
            }
        }
        let start: AMQPStreamOffset = stored.map { .offset($0.next) } ?? .first
        let connection = try await AMQPConnection.connect(to: endpoint)
        do {
            try await prepare(connection)
            let deliveries = try await connection.consumeBatches(
                queue: stream, prefetch: prefetch, arguments: start.consumeArguments)
            let subscription = AMQPStreamSubscription(
                source: self, connection: connection, deliveries: deliveries, stored: stored)
            await restarts?.opened(subscription)
            return subscription
        } catch {
            await connection.close()
            throw error
        }
    }
}

/// One reading connection. Settled deliveries are acked together, with one
/// multiple ack up to the highest (a stream's ack only returns credit; it
/// removes nothing, so covering a delivery still in hand loses nothing: the
/// processing loop bounds what it holds). A delivery the
/// reader finished before (above its next offset) is acked at once and not
/// handed on.
public final class AMQPStreamSubscription: MessageSubscription {
    private let source: AMQPStreamSource
    private let connection: AMQPConnection
    private let lost = Atomic<Bool>(false)
    private let tags = DeliveryTags()
    public let batches: AsyncThrowingMapSequence<AsyncThrowingStream<[AMQPDelivery], any Error>, [InboundMessage]>

    init(
        source: AMQPStreamSource, connection: AMQPConnection,
        deliveries: AsyncThrowingStream<[AMQPDelivery], any Error>, stored: StreamReaderPosition?
    ) {
        self.source = source
        self.connection = connection
        let tags = tags
        let start = StartOfReading(stored: stored)
        batches = deliveries.map { deliveries in
            if let first = deliveries.first?.streamOffset, let skipTo = start.firstDelivery(at: first) {
                // Where a new reader starts, or past what retention removed before this reader read it.
                try await source.offsets.skip(to: skipTo, of: source.stream)
            }
            let finishedBefore = deliveries.filter { start.finishedBefore($0.streamOffset ?? -1) }
            if !finishedBefore.isEmpty {
                try await connection.ackThrough(deliveryTags: finishedBefore.map(\.deliveryTag))
            }
            let fresh = deliveries.filter { !start.finishedBefore($0.streamOffset ?? -1) }
            tags.record(fresh)
            return fresh.map { delivery in
                InboundMessage(
                    source: source.stream,
                    position: MessagePosition(partition: 0, offset: delivery.streamOffset ?? -1),
                    key: Array(delivery.routingKey.utf8), body: delivery.body,
                    messageID: delivery.properties.messageID,
                    headers: delivery.properties.headers.compactMapValues(\.bytes), redelivered: false)
            }
        }
    }

    public var isOpen: Bool { !lost.load(ordering: .relaxed) }

    /// The handler records what it finished; nothing to track here.
    public func taken(_ messages: [InboundMessage]) {}

    public func acknowledge(_ messages: [InboundMessage]) async throws {
        let settled = tags.take(messages.map(\.position.offset))
        do {
            try await connection.ackThrough(deliveryTags: settled)
        } catch {
            lost.store(true, ordering: .relaxed)
            throw error
        }
    }

    public func deadLetter(_ message: InboundMessage, reason: String) async throws {
        var headers: [String: AMQPFieldValue] = [
            "reason": .string(reason), "source-stream": .string(message.source),
            "source-offset": .int(message.position.offset), "consumer-group": .string(source.reader),
        ]
        for (name, value) in message.headers where headers[name] == nil {
            headers[name] = .string(String(decoding: value, as: UTF8.self))
        }
        try await connection.publish(
            message.body, exchange: "", routingKey: source.deadLetterQueue,
            properties: AMQPMessageProperties(messageID: message.messageID, headers: headers))
        // No effects to share a transaction with: the dead letter is confirmed, so the message is finished.
        try await source.offsets.finish([message.source: [message.position.offset]])
        try await acknowledge([message])
    }

    public func close() async {
        await connection.close()
        await source.restarts?.closed(self)
    }

    /// Ends the batches, as a lost connection would: the loop drains what it holds, then closes this.
    func interrupt() async {
        await connection.close()
    }
}

/// What a subscription knows of where its reader stood when it opened.
private final class StartOfReading: Sendable {
    private let stored: StreamReaderPosition?
    private let seenFirst = Atomic<Bool>(false)

    init(stored: StreamReaderPosition?) {
        self.stored = stored
    }

    /// For the first delivery only: the offset to move the reader to, when it stands below it or nowhere.
    func firstDelivery(at offset: Int64) -> Int64? {
        guard !seenFirst.exchange(true, ordering: .relaxed) else { return nil }
        guard let stored else { return offset }
        return offset > stored.next ? offset : nil
    }

    func finishedBefore(_ offset: Int64) -> Bool {
        guard let stored else { return false }
        return offset < stored.next || stored.finishedAhead.contains(offset)
    }
}

/// Delivery tags by stream offset: a message is settled by its offset, the
/// broker acked by its tag.
private final class DeliveryTags: Sendable {
    private let byOffset = Mutex<[Int64: UInt64]>([:])

    func record(_ deliveries: [AMQPDelivery]) {
        byOffset.withLock { tags in
            for delivery in deliveries { tags[delivery.streamOffset ?? -1] = delivery.deliveryTag }
        }
    }

    func take(_ offsets: [Int64]) -> [UInt64] {
        byOffset.withLock { tags in offsets.compactMap { tags.removeValue(forKey: $0) } }
    }
}
