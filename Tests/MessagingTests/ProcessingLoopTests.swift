import Faults
import Logging
import Messaging
import ServiceLifecycle
import Synchronization
import Testing

/// The loop's rules, on a scripted source with no broker: what is settled,
/// how, and what is left for redelivery.
@Suite(.timeLimit(.minutes(1))) struct ProcessingLoopTests {
    /// Delivers the given messages, records every settlement, then ends.
    final class ScriptedSubscription: MessageSubscription {
        let batches: AsyncStream<[InboundMessage]>
        private let continuation: AsyncStream<[InboundMessage]>.Continuation
        let acknowledged = Mutex<[Int64]>([])
        /// Each acknowledge call's offsets, in order.
        let acknowledgements = Mutex<[[Int64]]>([])
        let deadLettered = Mutex<[Int64: String]>([:])
        let taken = Mutex<[Int64]>([])
        let failDeadLetters = Mutex(0)

        init() {
            (batches, continuation) = AsyncStream.makeStream(of: [InboundMessage].self)
        }

        /// Delivers the bodies, `batchSize` to a batch.
        func deliver(_ bodies: [String], batchSize: Int = 1) {
            let messages = bodies.enumerated().map { index, body in
                InboundMessage(
                    source: "test", position: MessagePosition(partition: 0, offset: Int64(index)),
                    body: Array(body.utf8))
            }
            for start in stride(from: 0, to: messages.count, by: batchSize) {
                continuation.yield(Array(messages[start..<min(start + batchSize, messages.count)]))
            }
        }

        var isOpen: Bool { true }
        func taken(_ messages: [InboundMessage]) { taken.withLock { $0 += messages.map(\.position.offset) } }
        func acknowledge(_ messages: [InboundMessage]) async throws {
            acknowledged.withLock { $0 += messages.map(\.position.offset) }
            acknowledgements.withLock { $0.append(messages.map(\.position.offset)) }
        }
        func deadLetter(_ message: InboundMessage, reason: String) async throws {
            let fail = failDeadLetters.withLock { remaining in
                defer { remaining = max(0, remaining - 1) }
                return remaining > 0
            }
            if fail { throw ScriptedError() }
            deadLettered.withLock { $0[message.position.offset] = reason }
        }
        func close() async {}
    }

    struct ScriptedError: Error {}

    /// Hands out its one subscription, then waits as a broker that is down would.
    final class ScriptedSource: MessageSource {
        let subscription: ScriptedSubscription
        let handedOut = Atomic<Bool>(false)

        init(subscription: ScriptedSubscription) {
            self.subscription = subscription
        }

        func subscribe() async throws -> ScriptedSubscription {
            if handedOut.exchange(true, ordering: .relaxed) { try await Task.sleep(for: .seconds(3_600)) }
            return subscription
        }
    }

    /// "ok" acks, "bad" dead-letters, "flaky" fails its first two attempts.
    final class ScriptedHandler: MessageHandler {
        let attempts = Mutex<[Int64: Int]>([:])

        func handle(_ message: InboundMessage) async -> MessageDisposition {
            let attempt = attempts.withLock { counts in
                counts[message.position.offset, default: 0] += 1
                return counts[message.position.offset]!
            }
            switch String(decoding: message.body, as: UTF8.self) {
            case "bad": return .deadLetter(reason: "unreadable")
            case "flaky" where attempt <= 2: return .retry(reason: "store busy")
            case "stuck": return .retry(reason: "never works")
            default: return .ack
            }
        }
    }

    /// A handler written for batches: records each batch it is given; "bad"
    /// dead-letters, "flaky" fails its first attempt.
    final class BatchRecordingHandler: BatchMessageHandler {
        let batches = Mutex<[[Int64]]>([])

        func handle(batch messages: [InboundMessage]) async -> [MessageDisposition] {
            let first = batches.withLock { batches in
                defer { batches.append(messages.map(\.position.offset)) }
                return batches.isEmpty
            }
            return messages.map { message in
                switch String(decoding: message.body, as: UTF8.self) {
                case "bad": .deadLetter(reason: "unreadable")
                case "flaky" where first: .retry(reason: "store busy")
                default: .ack
                }
            }
        }
    }

    /// Runs the loop over `bodies` until `settled` of them are settled and at
    /// least `retries` retries happened, then shuts it down gracefully.
    func runLoop<Handler: MessageHandler>(
        _ bodies: [String], settled: Int, retries: Int = 0, faults: FaultInjector = FaultInjector(),
        drain: Duration = .seconds(5), batchSize: Int = 1, handler: Handler = ScriptedHandler(),
        prepare: (ScriptedSubscription) -> Void = { _ in }
    ) async throws -> (ScriptedSubscription, Handler, ConsumerStats) {
        let subscription = ScriptedSubscription()
        prepare(subscription)
        let stats = ConsumerStats()
        let loop = ProcessingLoop(
            source: ScriptedSource(subscription: subscription), handler: handler, faults: faults, stats: stats,
            configuration: .init(
                concurrency: 4, backoff: RetryBackoff(initial: .milliseconds(5), step: .milliseconds(5)),
                drainTimeout: drain),
            logger: Logger(label: "test"))
        subscription.deliver(bodies, batchSize: batchSize)
        try await runUntilShutdown(loop) {
            subscription.acknowledged.withLock { $0.count } + subscription.deadLettered.withLock { $0.count }
                >= settled && stats.snapshot.retried >= retries
        }
        return (subscription, handler, stats)
    }

    /// Runs the loop as a service, then shuts it down gracefully (as SIGTERM does) and waits for it to return.
    func runUntilShutdown(_ loop: some Service, when done: () -> Bool) async throws {
        let group = ServiceGroup(services: [loop], logger: Logger(label: "test"))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            while !done() { try await Task.sleep(for: .milliseconds(5)) }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }

    @Test func acksGoodDeadLettersBadWithTheReasonAndRetriesFlaky() async throws {
        let (subscription, handler, stats) = try await runLoop(["ok", "bad", "flaky", "ok"], settled: 4)
        #expect(subscription.acknowledged.withLock { Set($0) } == [0, 2, 3])
        #expect(subscription.deadLettered.withLock { $0 } == [1: "unreadable"])
        #expect(handler.attempts.withLock { $0[2] } == 3)
        let snapshot = stats.snapshot
        #expect(snapshot.received == 4)
        #expect(snapshot.retried == 2)
        #expect(snapshot.deadLettered == 1)
    }

    @Test func aBatchIsHandledWholeSettledTogetherAndItsRetryGoesAlone() async throws {
        let (subscription, handler, stats) = try await runLoop(
            ["ok", "bad", "flaky", "ok"], settled: 4, batchSize: 4, handler: BatchRecordingHandler())
        #expect(handler.batches.withLock { $0 } == [[0, 1, 2, 3], [2]])
        #expect(subscription.acknowledgements.withLock { $0 } == [[0, 3], [2]])
        #expect(subscription.deadLettered.withLock { $0 } == [1: "unreadable"])
        #expect(stats.snapshot.received == 4)
        #expect(stats.snapshot.retried == 1)
    }

    @Test func aBatchLargerThanTheConcurrencyIsHandledInPieces() async throws {
        let (_, handler, _) = try await runLoop(
            Array(repeating: "ok", count: 10), settled: 10, batchSize: 10, handler: BatchRecordingHandler())
        let pieces = handler.batches.withLock { $0 }
        #expect(pieces.allSatisfy { $0.count <= 4 }, "the loop's concurrency in these tests is 4")
        #expect(pieces.flatMap { $0 }.sorted() == Array(0..<10))
    }

    @Test func everyMessageIsTakenBeforeItIsHandled() async throws {
        let (subscription, _, _) = try await runLoop(["ok", "ok", "ok"], settled: 3)
        #expect(subscription.taken.withLock { $0 } == [0, 1, 2])
    }

    @Test func aFailedDeadLetterIsRetriedNotDropped() async throws {
        let (subscription, _, stats) = try await runLoop(["bad"], settled: 1) { $0.failDeadLetters.withLock { $0 = 2 } }
        #expect(subscription.deadLettered.withLock { $0 } == [0: "unreadable"])
        #expect(stats.snapshot.deadLettered == 1)
    }

    @Test func anInjectedFailureIsRetriedAndThenHandled() async throws {
        let faults = FaultInjector(.error(status: 500, rate: 1))
        let subscription = ScriptedSubscription()
        let handler = ScriptedHandler()
        let stats = ConsumerStats()
        let loop = ProcessingLoop(
            source: ScriptedSource(subscription: subscription), handler: handler, faults: faults, stats: stats,
            configuration: .init(concurrency: 1, backoff: RetryBackoff(initial: .milliseconds(5), step: .zero)),
            logger: Logger(label: "test"))
        subscription.deliver(["ok"])
        let group = ServiceGroup(services: [loop], logger: Logger(label: "test"))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            // Wait until the injected failures have been retried a few times.
            while stats.snapshot.retried < 3 { try await Task.sleep(for: .milliseconds(5)) }
            #expect(subscription.acknowledged.withLock { $0 }.isEmpty, "acknowledged while failures were injected")
            #expect(handler.attempts.withLock { $0 }.isEmpty, "the handler ran while failures were injected")
            faults.set(.none)
            while subscription.acknowledged.withLock({ $0.isEmpty }) { try await Task.sleep(for: .milliseconds(5)) }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
        #expect(subscription.acknowledged.withLock { $0 } == [0])
        #expect(handler.attempts.withLock { $0[0] } == 1)
    }

    @Test func shutdownLeavesAStuckMessageUnsettledWithinTheDrainTimeout() async throws {
        // The suite's time limit fails this test if shutdown waits for the stuck message.
        let (subscription, handler, _) = try await runLoop(
            ["stuck", "ok"], settled: 1, retries: 2, drain: .milliseconds(100))
        #expect(subscription.acknowledged.withLock { $0 } == [1])
        #expect(subscription.deadLettered.withLock { $0 }.isEmpty)
        #expect((handler.attempts.withLock { $0[0] } ?? 0) > 1, "the stuck message was not retried")
    }

    @Test func backoffGrowsAndIsCapped() {
        let backoff = RetryBackoff(initial: .milliseconds(100), step: .milliseconds(100), maximum: .seconds(2))
        #expect(backoff.delay(afterAttempt: 1) == .milliseconds(100))
        #expect(backoff.delay(afterAttempt: 3) == .milliseconds(300))
        #expect(backoff.delay(afterAttempt: 500) == .seconds(2))
    }
}
