import Faults
import Logging
import ServiceLifecycle

/// The one consumer loop of every message-driven part, whatever the broker.
///
/// It subscribes to a ``MessageSource`` (again after a lost subscription),
/// hands up to `concurrency` messages at once to the ``MessageHandler``
/// (one at a time while a delay fault is set, so a throttle really slows the
/// consumer), injects the service's faults in one place, retries with
/// back-off, dead-letters with the reason, and settles a message only once
/// the handler has finished it. On graceful shutdown it stops taking
/// messages, gives those in hand `drainTimeout` to finish, settles and
/// commits what finished, and says how many it left for redelivery.
public struct ProcessingLoop<Source: MessageSource, Handler: MessageHandler>: Service {
    public struct Configuration: Sendable {
        /// Messages handled at once.
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
        case settled
        /// Left for redelivery: cancelled, or the subscription was lost.
        case abandoned
        /// Not a message: the drain deadline passed.
        case deadline
        /// Not a message: graceful shutdown began (or the watcher was cancelled).
        case shutdownRequested
    }

    private func consume(_ subscription: Source.Subscription) async throws {
        try await withThrowingTaskGroup(of: Ending.self) { group in
            // Shutdown must be noticed even while the loop waits for room for
            // the next message (a message stuck retrying against a broker that
            // is gone never makes room).
            group.addTask {
                try? await gracefulShutdown()
                return .shutdownRequested
            }
            var inFlight = 0
            var abandoned = 0
            messages: for try await message in subscription.messages.cancelOnGracefulShutdown() {
                let limit = faults.current.delayMilliseconds > 0 ? 1 : configuration.concurrency
                while inFlight >= limit {
                    switch try await group.next() {
                    case .shutdownRequested?: break messages
                    case .abandoned?: abandoned += 1
                    default: break
                    }
                    inFlight -= 1
                }
                subscription.taken(message)
                stats.count(.received)
                group.addTask { await process(message, on: subscription) }
                inFlight += 1
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
                    case .abandoned: abandoned += 1
                    case .settled: break
                    }
                    inFlight -= 1
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

    /// Handles `message` until it is settled, retrying with back-off; gives up
    /// only when cancelled or when its subscription is gone.
    private func process(_ message: InboundMessage, on subscription: Source.Subscription) async -> Ending {
        var attempt = 0
        while !Task.isCancelled {
            let decision = faults.nextDecision()
            if decision.delay > .zero {
                do { try await Task.sleep(for: decision.delay) } catch { return .abandoned }
            }
            let disposition: MessageDisposition =
                if let status = decision.failureStatus {
                    .retry(reason: "injected failure \(status)")
                } else {
                    await handler.handle(message)
                }
            switch disposition {
            case .ack:
                return await settle(message, on: subscription) { try await subscription.acknowledge(message) }
            case .deadLetter(let reason):
                logger.notice("dead-lettering \(message.location): \(reason)")
                let ending = await settle(message, on: subscription) {
                    try await subscription.deadLetter(message, reason: reason)
                }
                if ending == .settled { stats.count(.deadLettered) }
                return ending
            case .retry(let reason):
                // Cancelled mid-handling (the subscription was lost, or shutdown's drain ran out):
                // the failure is the cancellation itself; the broker delivers the message again.
                if Task.isCancelled { return .abandoned }
                attempt += 1
                stats.count(.retried)
                if attempt == 1 || attempt.isMultiple(of: 10) {
                    logger.warning("retrying \(message.location) (attempt \(attempt)): \(reason)")
                }
                do { try await Task.sleep(for: configuration.backoff.delay(afterAttempt: attempt)) } catch {
                    return .abandoned
                }
                if !subscription.isOpen { return .abandoned }
            }
        }
        return .abandoned
    }

    /// Settles with back-off while the subscription lives; a lost one means redelivery.
    private func settle(
        _ message: InboundMessage, on subscription: Source.Subscription, _ operation: () async throws -> Void
    ) async -> Ending {
        var attempt = 0
        while !Task.isCancelled, subscription.isOpen {
            do {
                try await operation()
                return .settled
            } catch {
                attempt += 1
                if attempt == 1 || attempt.isMultiple(of: 10) {
                    logger.warning("cannot settle \(message.location) (attempt \(attempt)): \(error)")
                }
                do { try await Task.sleep(for: configuration.backoff.delay(afterAttempt: attempt)) } catch {
                    return .abandoned
                }
            }
        }
        return .abandoned
    }
}
