import Synchronization

/// The readers' offsets as last read, and when they were first seen at
/// those values (see ``RabbitStreamLab/readersCaughtUp(watching:)``).
public final class ReaderOffsetWatch: Sendable {
    private struct Seen {
        var inventory: [String: Int64]
        var analytics: [String: Int64]
        var since: ContinuousClock.Instant
    }

    private let seen = Mutex<Seen?>(nil)

    public init() {}

    /// Records the offsets just read; returns when they were first seen at these values.
    func see(inventory: [String: Int64], analytics: [String: Int64]) -> ContinuousClock.Instant {
        seen.withLock { seen in
            if let last = seen, last.inventory == inventory, last.analytics == analytics { return last.since }
            let now = ContinuousClock.now
            seen = Seen(inventory: inventory, analytics: analytics, since: now)
            return now
        }
    }
}
