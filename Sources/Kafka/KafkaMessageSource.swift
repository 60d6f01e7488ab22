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
        do {
            try consumer.commit(tracker.takeCommittable())
        } catch {
            logger.warning("commit failed: \(error)")
        }
    }
}

/// The member's stream of records, with offsets committed as they finish.
public final class KafkaSubscription: MessageSubscription {
    private let source: KafkaMessageSource
    private let committer: Task<Void, Never>
    public let messages: AsyncMapSequence<KafkaMessages, InboundMessage>

    init(source: KafkaMessageSource) {
        self.source = source
        messages = source.consumer.messages.map { record in
            InboundMessage(
                source: record.topic,
                position: MessagePosition(partition: record.partition, offset: record.offset, epoch: record.epoch),
                key: record.key, body: record.value, headers: record.headers)
        }
        committer = Task {
            for await _ in AsyncTimerSequence(interval: .milliseconds(100), clock: .continuous) {
                source.commitFinished()
            }
        }
    }

    public var isOpen: Bool { source.consumer.isRunning }

    public func taken(_ message: InboundMessage) {
        // Read before a rewind: handled (its effects are idempotent) but never committed.
        guard message.position.epoch == source.consumer.epoch else { return }
        source.tracker.taken(
            topic: message.source, partition: message.position.partition, offset: message.position.offset)
    }

    public func acknowledge(_ message: InboundMessage) async throws {
        guard message.position.epoch == source.consumer.epoch else { return }
        source.tracker.finished(
            topic: message.source, partition: message.position.partition, offset: message.position.offset)
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
        try await acknowledge(message)
    }

    /// Commits what finished, then leaves the group.
    public func close() async {
        committer.cancel()
        source.commitFinished()
        source.consumer.close()
    }
}
