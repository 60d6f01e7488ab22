import Faults
import Logging
import ServiceLifecycle

/// The one consumer loop of every message-driven part, whatever the broker.
///
/// It subscribes to a ``MessageSource`` (again after a lost subscription),
/// hands each batch the subscription delivers to the ``MessageHandler`` (one
/// transaction, one round of publishing per batch), up to `concurrency`
/// messages at once (one at a time while a delay fault is set, so a
/// throttle really slows the consumer), injects the service's faults in one
/// place, retries with back-off one message at a time, dead-letters with the
/// reason, and settles a message only once the handler has finished it,
/// the finished ones of a batch together. On graceful shutdown it stops taking
/// messages, gives those in hand `drainTimeout` to finish, settles and
/// commits what finished, and says how many it left for redelivery.
public struct ProcessingLoop<Source: MessageSource, Handler: MessageHandler>: Service {
    public struct Configuration: Sendable {
        /// Messages in hand at once, in as many batches as fit; a larger batch is handled in pieces.
        public var concurrency: Int
        public var backoff: RetryBackoff
        /// How long messages in hand may take to finish after shutdown begins.
        public var drainTimeout: Duration
        /// Pause between attempts to subscribe while the broker is unreachable.
        public var resubscribeDelay: Duration

        public init(
            concurrency: Int = 64, backoff: RetryBackoff = .standard, drainTimeout: Duration = .seconds(5),
            resubscribeDelay: Duration = .seconds(1)
        ) {
            self.concurrency = concurrency
            self.backoff = backoff
            self.drainTimeout = drainTimeout
            self.resubscribeDelay = resubscribeDelay
        }
    }

    public let source: Source
    public let handler: Handler
    public let faults: FaultInjector
    public let stats: ConsumerStats
    public let configuration: Configuration
    public let logger: Logger

    public init(
        source: Source, handler: Handler, faults: FaultInjector, stats: ConsumerStats,
        configuration: Configuration = .init(), logger: Logger
    ) {
        self.source = source
        self.handler = handler
        self.faults = faults
        self.stats = stats
        self.configuration = configuration
        self.logger = logger
    }

    public func run() async throws {
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            let subscription: Source.Subscription
            do {
                subscription = try await source.subscribe()
            } catch {
                logger.warning("cannot subscribe, retrying in \(configuration.resubscribeDelay): \(error)")
                try? await Task.sleep(for: configuration.resubscribeDelay)
                continue
            }
            do {
                try await consume(subscription)
            } catch {
                logger.warning("subscription lost: \(error)")
            }
            await subscription.close()
        }
    }

    /// What a child task of the loop ended with.
    private enum Ending: Sendable {
        /// Its messages: settled, or left for redelivery (cancelled, or the subscription was lost).
        case finished(Tally)
        /// Not a message: the drain deadline passed.
        case deadline
        /// Not a message: graceful shutdown began (or the watcher was cancelled).
        case shutdownRequested
    }

    private struct Tally: Sendable {
        var settled = 0
        var abandoned = 0
        var count: Int { settled + abandoned }

        static func += (total: inout Tally, other: Tally) {
            total.settled += other.settled
            total.abandoned += other.abandoned
        }
    }

    private func consume(_ subscription: Source.Subscription) async throws {
        try await withThrowingTaskGroup(of: Ending.self) { group in
            // Shutdown must be noticed even while the loop waits for room for
            // the next batch (a message stuck retrying against a broker that
            // is gone never makes room).
            group.addTask {
                try? await gracefulShutdown()
                return .shutdownRequested
            }
            var inFlight = 0
            var abandoned = 0
            batches: for try await batch in subscription.batches.cancelOnGracefulShutdown() {
                guard !batch.isEmpty else { continue }
                subscription.taken(batch)
                stats.count(.received, batch.count)
                stats.count(.redelivered, batch.count { $0.redelivered })
                // While a delay fault is set, one message at a time, so a throttle really slows the consumer.
                let limit = faults.current.delayMilliseconds > 0 ? 1 : configuration.concurrency
                for start in stride(from: 0, to: batch.count, by: limit) {
                    let piece = Array(batch[start..<min(start + limit, batch.count)])
                    while inFlight + piece.count > limit {
                        switch try await group.next() {
                        case .shutdownRequested?: break batches
                        case .finished(let tally)?:
                            abandoned += tally.abandoned
                            inFlight -= tally.count
                        default: break
                        }
                    }
                    group.addTask { .finished(await process(piece, on: subscription)) }
                    inFlight += piece.count
                }
            }
            if inFlight > 0 {
                // The stream ended: shutdown or a lost subscription. Finish what can be finished in time.
                let drain = configuration.drainTimeout
                group.addTask {
                    try? await Task.sleep(for: drain)
                    return .deadline
                }
                draining: while inFlight > 0, let ending = try await group.next() {
                    switch ending {
                    case .deadline: break draining
                    case .shutdownRequested: continue
                    case .finished(let tally):
                        abandoned += tally.abandoned
                        inFlight -= tally.count
                    }
                }
            }
            group.cancelAll()
            let unfinished = inFlight + abandoned
            if unfinished > 0 {
                logger.notice(
                    "stopped with \(unfinished) message(s) not settled; the broker will deliver them again")
            }
        }
    }

    /// Handles a batch: injected failures and the handler's retries go on
    /// one by one with back-off, the rest is settled together.
    private func process(_ batch: [InboundMessage], on subscription: Source.Subscription) async -> Tally {
        var handled: [InboundMessage] = []
        var retries: [(InboundMessage, String)] = []
        for message in batch {
            do {
                try await faults.inject()
                handled.append(message)
            } catch let failure as InjectedFailure {
                retries.append((message, failure.description))
            } catch {
                return Tally(abandoned: batch.count)
            }
        }
        var tally = Tally()
        var acknowledged: [InboundMessage] = []
        let dispositions = handled.isEmpty ? [] : await handler.handle(batch: handled)
        for (message, disposition) in zip(handled, dispositions) {
            switch disposition {
            case .ack: acknowledged.append(message)
            case .deadLetter(let reason): tally += await deadLetter(message, reason: reason, on: subscription)
            case .retry(let reason): retries.append((message, reason))
            }
        }
        if !acknowledged.isEmpty {
            tally += await settle(acknowledged, on: subscription) { try await subscription.acknowledge(acknowledged) }
        }
        if retries.count == 1 {
            tally += await retry(retries[0].0, reason: retries[0].1, on: subscription)
        } else if !retries.isEmpty {
            tally += await withTaskGroup(of: Tally.self) { group in
                for (message, reason) in retries {
                    group.addTask { await retry(message, reason: reason, on: subscription) }
                }
                var total = Tally()
                for await one in group { total += one }
                return total
            }
        }
        return tally
    }

    /// Handles `message` again, with back-off, until it is settled; gives up
    /// only when cancelled or when its subscription is gone.
    private func retry(_ message: InboundMessage, reason: String, on subscription: Source.Subscription) async -> Tally {
        var attempt = 0
        var reason = reason
        // Cancelled (the subscription was lost, or shutdown's drain ran out): the message is left
        // unsettled and the broker delivers it again.
        while !Task.isCancelled {
            attempt += 1
            stats.count(.retried)
            if attempt == 1 || attempt.isMultiple(of: 10) {
                logger.warning("retrying \(message.location) (attempt \(attempt)): \(reason)")
            }
            do { try await Task.sleep(for: configuration.backoff.delay(afterAttempt: attempt)) } catch { break }
            if !subscription.isOpen { break }
            do {
                try await faults.inject()
            } catch let failure as InjectedFailure {
                reason = failure.description
                continue
            } catch {
                break
            }
            switch await handler.handle(batch: [message])[0] {
            case .ack:
                return await settle([message], on: subscription) { try await subscription.acknowledge([message]) }
            case .deadLetter(let why):
                return await deadLetter(message, reason: why, on: subscription)
            case .retry(let why):
                if Task.isCancelled { break }
                reason = why
            }
        }
        return Tally(abandoned: 1)
    }

    private func deadLetter(_ message: InboundMessage, reason: String, on subscription: Source.Subscription) async
        -> Tally
    {
        logger.notice("dead-lettering \(message.location): \(reason)")
        let tally = await settle([message], on: subscription) {
            try await subscription.deadLetter(message, reason: reason)
        }
        stats.count(.deadLettered, tally.settled)
        return tally
    }

    /// Settles with back-off while the subscription lives; a lost one means redelivery.
    private func settle(
        _ messages: [InboundMessage], on subscription: Source.Subscription, _ operation: () async throws -> Void
    ) async -> Tally {
        var attempt = 0
        while !Task.isCancelled, subscription.isOpen {
            do {
                try await operation()
                return Tally(settled: messages.count)
            } catch {
                attempt += 1
                if attempt == 1 || attempt.isMultiple(of: 10) {
                    logger.warning(
                        "cannot settle \(messages[0].location) and \(messages.count - 1) more (attempt \(attempt)): \(error)"
                    )
                }
                do { try await Task.sleep(for: configuration.backoff.delay(afterAttempt: attempt)) } catch {
                    break
                }
            }
        }
        return Tally(abandoned: messages.count)
    }
}
