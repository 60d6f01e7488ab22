import AsyncAlgorithms
import Faults
import Foundation
import Kafka
import Logging
import OrderDomain
import OrderWorkload
import ServiceLifecycle

/// Rebuilding the analytics totals from the log, so that it can neither
/// start half-way nor be lost half-way: it is refused while this member has
/// no partitions; otherwise the totals are cleared with a durable note that
/// a rewind is owed, the group is rewound from inside this live member, and
/// the note is removed. A crash in between leaves the note, and the service
/// (as a ``Service``) rewinds as soon as it has partitions again.
public struct AnalyticsReplay: Service {
    public let analytics: OrderAnalytics
    public let source: KafkaMessageSource
    public let faults: FaultInjector
    public let logger: Logger

    public enum Refusal: Error, CustomStringConvertible {
        case noPartitions

        public var description: String {
            "this analytics member has no partitions assigned yet (the group is still forming): "
                + "nothing to rewind; try again in a few seconds"
        }
    }

    /// Replays now; returns the partitions rewound.
    public func start() async throws -> Int {
        guard try await !source.consumer.assignedPartitions().isEmpty else { throw Refusal.noPartitions }
        try await analytics.beginReplay()
        faults.crashIfPlanned(at: .duringReplay) {
            logger.critical("\($0): totals cleared, group not yet rewound")
        }
        return try await completeOwedRewind()
    }

    private func completeOwedRewind() async throws -> Int {
        let partitions = try await source.rewindToBeginning()
        try await analytics.finishReplay()
        logger.notice("replay: group rewound on \(partitions) partition(s); totals rebuilding from the log")
        return partitions
    }

    /// Resumes a replay a crash interrupted, once this member has partitions;
    /// runs until shutdown (a service that returned would stop its group).
    public func run() async throws {
        for await _ in AsyncTimerSequence(interval: .milliseconds(500), clock: .continuous).cancelOnGracefulShutdown() {
            guard (try? await analytics.replayPending()) == true else { continue }
            guard let assigned = try? await source.consumer.assignedPartitions(), !assigned.isEmpty else { continue }
            do {
                _ = try await completeOwedRewind()
                logger.notice("resumed a replay interrupted by a crash")
            } catch {
                logger.warning("could not resume the interrupted replay yet: \(error)")
            }
        }
    }
}
