/// Starts a service's stream readers again from where their offset stores
/// say, with something done in between while none of them reads — a replay:
/// every reader's subscription is closed (its loop drains what it holds and
/// saves its offsets), `between` runs (clear the state and the offsets in one
/// transaction), and only then may the readers subscribe again, from the
/// first record. Without the wait, a reader finishing its last messages
/// could save an offset after the reset and skip part of the replay.
public actor StreamReaderRestart {
    private var open: [ObjectIdentifier: AMQPStreamSubscription] = [:]
    private var held = false
    private var waitingToSubscribe: [CheckedContinuation<Void, Never>] = []
    private var waitingForClose: [CheckedContinuation<Void, Never>] = []

    public init() {}

    /// Closes every reader, runs `between` once all are closed, then lets them subscribe again.
    public func restart(between: @Sendable () async throws -> Void) async throws {
        held = true
        defer {
            held = false
            for waiter in waitingToSubscribe { waiter.resume() }
            waitingToSubscribe.removeAll()
        }
        for subscription in open.values { await subscription.interrupt() }
        while !open.isEmpty {
            await withCheckedContinuation { waitingForClose.append($0) }
        }
        try await between()
    }

    /// Waits while a restart holds the readers.
    func mayOpen() async {
        while held { await withCheckedContinuation { waitingToSubscribe.append($0) } }
    }

    func opened(_ subscription: AMQPStreamSubscription) {
        open[ObjectIdentifier(subscription)] = subscription
    }

    func closed(_ subscription: AMQPStreamSubscription) {
        open.removeValue(forKey: ObjectIdentifier(subscription))
        for waiter in waitingForClose { waiter.resume() }
        waitingForClose.removeAll()
    }
}
