import LabKit

/// Everything one `commlab scale` run measured: written as SCALE.json, from
/// which SCALE.md and the charts are made.
public struct ScaleReport: Codable, Sendable {
    public var date: String
    public var machine: MachineDescription
    public var command: String
    public var settings: ScaleSettings
    /// The mix's share of orders meant to fail (an item no inventory stocks): they never complete.
    public var meantToFailShare: Double
    public var models: [ScaleModelResult]

    /// Nothing lost, duplicated or reserved twice at any point of any model that ran.
    public var passed: Bool { models.allSatisfy(\.passed) }
}

/// One model through every instance count, and its membership change.
public struct ScaleModelResult: Codable, Sendable {
    public var model: String
    public var part: String
    /// Why the model cannot scale its inventory out, when it cannot: then nothing else is set.
    public var notApplicable: String?
    /// How the transport shares orders among instances.
    public var sharing: String?
    /// How many instances can hold work at once, and why; nil when the transport sets no limit.
    public var busyLimit: Int?
    public var busyLimitReason: String?
    public var points: [ScalePoint] = []
    public var membership: MembershipChange?
    /// Set when the model could not be started or a point could not run.
    public var error: String?

    public var passed: Bool {
        error == nil && points.allSatisfy(\.passed) && (membership?.outcome.passed ?? true)
    }

    /// Completions per second at one instance: the ideal line's slope.
    public var singleInstanceRate: Double? { points.first { $0.instances == 1 }?.completionsPerSecond }
}

/// What a stream of orders did at one instance count.
public struct ScalePoint: Codable, Sendable {
    public var instances: Int
    /// Orders per second offered.
    public var offeredRate: Double
    /// Completed orders over the time from the stream's start to the last completion: the rate the
    /// instances worked a backlog off at (the offered rate when they kept up).
    public var completionsPerSecond: Double
    /// Completions per second if every instance added did as much as one: min(busy instances × one's
    /// rate, the offered orders that can complete); nil without a one-instance point.
    public var idealPerSecond: Double?
    /// The most ready messages or uncommitted records waiting for the inventory during the point.
    public var backlogPeak: Int?
    /// Cores the model's processes kept busy over the point (CPU seconds ÷ wall seconds), broker included.
    public var coresBusy: Double?
    public var cpuSecondsPer1000Orders: Double?
    /// Messages each instance took during the point, by instance name.
    public var receivedByInstance: [String: Int]
    /// Instances that took nothing.
    public var idleInstances: Int
    /// Messages decided again and recognised by the ledger (a redelivery, a record read twice).
    public var replayed: Int
    /// Messages the broker marked as handed out before (AMQP's redelivered flag; a log has no such mark).
    public var redelivered: Int
    public var outcome: ScaleOutcome
    public var seconds: Double

    public var passed: Bool { outcome.passed }
}

/// The per-order count of a point or of the membership change.
public struct ScaleOutcome: Codable, Sendable {
    public var offered: Int
    public var accepted: Int
    public var completed: Int
    public var lost: Int
    public var duplicated: Int
    public var doubleReservations: Int
    public var unexpected: Int
    public var orderViolations: Int
    public var orderViolationSample: [String]
    public var orderingUsersChecked: Int
    public var completionLatency: LatencySummary
    public var clientLatency: LatencySummary

    public var passed: Bool { lost == 0 && duplicated == 0 && doubleReservations == 0 && unexpected == 0 }

    init(_ outcome: FaultOutcome) {
        offered = outcome.offered
        accepted = outcome.accepted
        completed = outcome.completed
        lost = outcome.lost
        duplicated = outcome.duplicatedCompletions
        doubleReservations = outcome.doubleReservations
        unexpected = outcome.unexpected ?? 0
        orderViolations = outcome.orderViolations ?? 0
        orderViolationSample = outcome.orderViolationSample ?? []
        orderingUsersChecked = outcome.orderingUsersChecked ?? 0
        completionLatency = outcome.completionLatency
        clientLatency = outcome.clientLatency
    }
}

/// A member added and one SIGKILLed while orders flow above what the instances can take.
public struct MembershipChange: Codable, Sendable {
    public var startInstances: Int
    public var events: [SegmentResult.Event]
    /// The longest stretch without a completion in the seconds after the member joined, and after the kill.
    public var longestGapAfterJoinSeconds: Double?
    public var longestGapAfterKillSeconds: Double?
    /// Messages the killed member had taken and not finished at its kill, by its own count.
    public var heldByKilled: Int?
    /// Messages decided again and recognised by the ledger (processed by the killed member, uncommitted).
    public var replayed: Int
    /// Messages the broker handed out again, marked redelivered (B: the killed consumer's unacknowledged).
    public var redelivered: Int
    /// Completions per half second, from the stream's start.
    public var completionsPerHalfSecond: [Int]
    public var outcome: ScaleOutcome
}
