import Kafka
import LabKit
import Logging
import ServiceLifecycle

/// Runs one consumer-group member until graceful shutdown: handles up to
/// `concurrency` messages at once (one at a time while a processing delay is
/// injected, so a throttle really slows the group), retries a message whose
/// handling failed, and commits every 100 ms only offsets whose messages and
/// all before them are finished. On shutdown it finishes what is in hand,
/// commits, and leaves the group.
public struct KafkaProcessingLoop: Service {
    public let consumer: KafkaConsumer
    public let concurrency: Int
    public let faults: FaultInjector
    public let logger: Logger
    public let handle: @Sendable (KafkaMessage) async -> Bool
    let tracker = OffsetTracker()

    public init(
        consumer: KafkaConsumer, concurrency: Int, faults: FaultInjector, logger: Logger,
        handle: @escaping @Sendable (KafkaMessage) async -> Bool
    ) {
        self.consumer = consumer
        self.concurrency = concurrency
        self.faults = faults
        self.logger = logger
        self.handle = handle
    }

    public func run() async throws {
        let committer = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(100))
                commitFinished()
            }
        }
        await withTaskGroup(of: Void.self) { group in
            var inFlight = 0
            for await message in consumer.messages.cancelOnGracefulShutdown() {
                let limit = faults.current.delayMilliseconds > 0 ? 1 : concurrency
                while inFlight >= limit {
                    await group.next()
                    inFlight -= 1
                }
                tracker.taken(message)
                group.addTask {
                    let decision = faults.nextDecision()
                    if decision.delay > .zero { try? await Task.sleep(for: decision.delay) }
                    var attempt = 0
                    while await !handle(message) {
                        attempt += 1
                        logger.warning(
                            "retrying \(message.topic)[\(message.partition)]@\(message.offset) (attempt \(attempt))")
                        try? await Task.sleep(for: .milliseconds(min(2_000, 100 * attempt)))
                    }
                    tracker.finished(message)
                }
                inFlight += 1
            }
            await group.waitForAll()
        }
        committer.cancel()
        commitFinished()
        consumer.close()
    }

    /// After a rewind the consumer starts over; forget old offsets.
    public func forgetOffsets() {
        tracker.reset()
    }

    private func commitFinished() {
        do {
            try consumer.commit(tracker.takeCommittable())
        } catch {
            logger.warning("commit failed: \(error)")
        }
    }
}
