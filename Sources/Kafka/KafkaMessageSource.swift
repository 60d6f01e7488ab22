import AsyncAlgorithms
import Logging
import Messaging
import Synchronization

/// A consumer-group member as a ``MessageSource``. Messages are handled out
/// of order, so acknowledging one only marks it finished; every 100 ms the
/// subscription commits, per partition, the offset below the first message
/// still in hand. Dead letters go to `deadLetterTopic` with the reason and
/// their origin in headers, and count as finished once the broker has them.
public struct KafkaMessageSource: MessageSource {
    public let consumer: KafkaConsumer
    public let producer: KafkaProducer
    public let deadLetterTopic: String
    public let logger: Logger
    let tracker = OffsetTracker()
    private let lastCommit = LastCommit()

    public init(consumer: KafkaConsumer, producer: KafkaProducer, deadLetterTopic: String, logger: Logger) {
        self.consumer = consumer
        self.producer = producer
        self.deadLetterTopic = deadLetterTopic
        self.logger = logger
    }

    public func subscribe() async throws -> KafkaSubscription {
        KafkaSubscription(source: self)
    }

    /// Rewinds the group to the earliest offsets from inside this live
    /// member, forgetting the positions of messages read before the rewind.
    /// Returns the partitions moved.
    public func rewindToBeginning() async throws(KafkaError) -> Int {
        tracker.reset()
        return try await consumer.rewindToBeginning()
    }

    func commitFinished() {
        lastCommit.at.withLock { last in
            last = .now
            do {
                try consumer.commit(
                    tracker.takeCommittable().map {
                        KafkaPartitionPosition(topic: $0.source, partition: $0.partition, nextOffset: $0.nextOffset)
                    })
            } catch {
                logger.warning("commit failed: \(error)")
            }
        }
    }

    /// Commits now when nothing is left in hand and the last commit is at
    /// least `interval` old: a reader that has caught up says so at once
    /// instead of at the next tick (the lab times "caught up" by committed
    /// offsets, and a tick's wait was up to a tenth of a 10,000-event run).
    func commitIfIdle(interval: Duration = .milliseconds(5)) {
        guard tracker.isIdle, lastCommit.at.withLock({ $0.duration(to: .now) >= interval }) else { return }
        commitFinished()
    }
}

/// The member's stream of records, with offsets committed as they finish.
/// The subscription runs its consumer's poll loop for as long as it is open,
/// so the service that subscribes (a ``ProcessingLoop``) owns it.
public final class KafkaSubscription: MessageSubscription {
    private let source: KafkaMessageSource
    private let committer: Task<Void, Never>
    private let polling: Task<Void, Never>
    public let batches: AsyncMapSequence<KafkaBatches, [InboundMessage]>

    init(source: KafkaMessageSource) {
        self.source = source
        batches = source.consumer.batches.map { records in
            records.map { record in
                InboundMessage(
                    source: record.topic,
                    position: MessagePosition(partition: record.partition, offset: record.offset, epoch: record.epoch),
                    key: record.key, body: record.value, headers: record.headers)
            }
        }
        polling = Task { [consumer = source.consumer, logger = source.logger] in
            do {
                try await consumer.run()
            } catch {
                logger.error("consumer \(consumer.group) stopped: \(error)")
            }
        }
        committer = Task {
            for await _ in AsyncTimerSequence(interval: .milliseconds(100), clock: .continuous) {
                source.commitFinished()
            }
        }
    }

    public var isOpen: Bool { source.consumer.isRunning }

    public func taken(_ messages: [InboundMessage]) {
        source.tracker.taken(current(messages))
    }

    public func acknowledge(_ messages: [InboundMessage]) async throws {
        source.tracker.finished(current(messages))
        source.commitIfIdle()
    }

    /// Positions of the messages read since the last rewind: one read before it is handled (its effects are
    /// idempotent) but never committed.
    private func current(_ messages: [InboundMessage]) -> [(topic: String, partition: Int32, offset: Int64)] {
        let epoch = source.consumer.epoch
        return messages.compactMap { message in
            message.position.epoch == epoch
                ? (message.source, message.position.partition, message.position.offset) : nil
        }
    }

    public func deadLetter(_ message: InboundMessage, reason: String) async throws {
        try await source.producer.send(
            topic: source.deadLetterTopic, key: message.key, value: message.body,
            headers: [
                "reason": Array(reason.utf8), "source-topic": Array(message.source.utf8),
                "source-partition": Array(String(message.position.partition).utf8),
                "source-offset": Array(String(message.position.offset).utf8),
                "consumer-group": Array(source.consumer.group.utf8),
            ])
        try await acknowledge([message])
    }

    /// Commits what finished, then leaves the group.
    public func close() async {
        committer.cancel()
        source.commitFinished()
        source.consumer.close()
        await polling.value
    }
}

/// When a source last committed; held while it commits, so two commits never
/// cross (an older position sent after a newer one would move the group back).
private final class LastCommit: Sendable {
    let at = Mutex(ContinuousClock.now)
}
