import Foundation
import Logging
import Messaging
import OrderDomain
import ServiceLifecycle
import Synchronization

/// Sends what a store's ``Outbox`` holds: the records a transaction put
/// there, as soon as it committed (``send(_:)``), and every second whatever
/// is still there — what a crash, a failed publish or a broker outage left
/// behind. A record leaves the outbox only once the broker confirmed it.
public final class OutboxRelay: Service, Sendable {
    let outbox: Outbox
    let publisher: any MessagePublisher
    let sweepInterval: Duration
    let logger: Logger
    /// Ids being published now, which a sweep leaves alone.
    private let inFlight = Mutex<Set<Int64>>([])
    /// What the last sweep saw waiting: a sweep sends only records seen waiting twice, so one just
    /// committed is left to the transaction that wrote it.
    private let seenWaiting = Mutex<Set<Int64>>([])

    public init(
        outbox: Outbox, publisher: any MessagePublisher, sweepInterval: Duration = .seconds(1), logger: Logger
    ) {
        self.outbox = outbox
        self.publisher = publisher
        self.sweepInterval = sweepInterval
        self.logger = logger
    }

    /// Publishes records just added to the outbox, waits for the broker's
    /// confirms, and removes them. On failure they stay, and a sweep sends them.
    public func send(_ entries: [(id: Int64, message: OutboundMessage)]) async throws {
        guard !entries.isEmpty else { return }
        let ids = entries.map(\.id)
        inFlight.withLock { $0.formUnion(ids) }
        defer { inFlight.withLock { $0.subtract(ids) } }
        try await publisher.publish(entries.map(\.message))
        try await outbox.remove(ids)
    }

    public func run() async throws {
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            await sweep()
            try? await Task.sleep(for: sweepInterval)
        }
    }

    /// Sends what has waited since the last sweep; says so when it sends anything.
    public func sweep() async {
        let waiting: [(id: Int64, record: [UInt8])]
        do {
            waiting = try await outbox.pending()
        } catch {
            logger.warning("cannot read the outbox: \(error)")
            return
        }
        let seenBefore = seenWaiting.withLock { seen in
            let before = seen
            seen = Set(waiting.map(\.id))
            return before
        }
        let busy = inFlight.withLock { $0 }
        var entries: [(id: Int64, message: OutboundMessage)] = []
        var unreadable: [Int64] = []
        for entry in waiting where seenBefore.contains(entry.id) && !busy.contains(entry.id) {
            if let message = OutboxRecord.decode(entry.record) {
                entries.append((entry.id, message))
            } else {
                unreadable.append(entry.id)
            }
        }
        if !unreadable.isEmpty {
            // Only this relay's own encoder writes here; an unreadable record could never be sent.
            logger.error("dropping \(unreadable.count) unreadable outbox record(s): \(unreadable)")
            try? await outbox.remove(unreadable)
        }
        guard !entries.isEmpty else { return }
        do {
            try await send(entries)
            logger.notice("sent \(entries.count) record(s) left in the outbox")
        } catch {
            logger.warning("\(entries.count) record(s) still in the outbox, sending again later: \(error)")
        }
    }
}
