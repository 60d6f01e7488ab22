/// The faults a service injects into its own business requests: a delay, an
/// error (a status code returned for a share of requests), or both.
///
/// The same plan, with the same JSON, drives every part's services; an outage
/// (the process stopped, killed or paused) is done from outside, by
/// ``ServiceProcess``.
public struct FaultPlan: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Added before the request is handled.
    public var delayMilliseconds: Int
    /// Status returned instead of handling the request, if any.
    public var errorStatus: Int?
    /// Share of requests (0…1) that get `errorStatus`; 1 when only a status is given.
    public var errorRate: Double
    /// Where the service kills itself, to test what survives a crash.
    public var crash: CrashPoint?

    public init(delayMilliseconds: Int = 0, errorStatus: Int? = nil, errorRate: Double? = nil, crash: CrashPoint? = nil)
    {
        self.delayMilliseconds = delayMilliseconds
        self.errorStatus = errorStatus
        self.errorRate = errorRate ?? (errorStatus == nil ? 0 : 1)
        self.crash = crash
    }

    /// Points in a consumer's handling of a message where it can be made to crash.
    public enum CrashPoint: String, Codable, Sendable, Hashable {
        /// After the database transaction committed, before the message was acknowledged.
        case afterCommit = "after_commit"
        /// In an analytics replay, after the totals were cleared and before the group was rewound.
        case duringReplay = "during_replay"
    }

    /// No faults.
    public static let none = FaultPlan()

    /// Only a delay.
    public static func delay(milliseconds: Int) -> FaultPlan { FaultPlan(delayMilliseconds: milliseconds) }

    /// Only an error, returned for `rate` of the requests.
    public static func error(status: Int, rate: Double = 1) -> FaultPlan {
        FaultPlan(errorStatus: status, errorRate: rate)
    }

    public var isNone: Bool { delayMilliseconds == 0 && (errorStatus == nil || errorRate == 0) && crash == nil }

    /// Checks the plan is one a service can carry out.
    public func validate() throws(FaultPlanError) {
        guard (0...600_000).contains(delayMilliseconds) else {
            throw .invalid("delay_ms must be between 0 and 600000, got \(delayMilliseconds)")
        }
        if let errorStatus, !(400...599).contains(errorStatus) {
            throw .invalid("error_status must be an HTTP error status (400-599), got \(errorStatus)")
        }
        guard errorRate.isFinite, (0...1).contains(errorRate) else {
            throw .invalid("error_rate must be between 0 and 1, got \(errorRate)")
        }
    }

    public var description: String {
        if isNone { return "no faults" }
        var parts: [String] = []
        if delayMilliseconds > 0 { parts.append("delay \(delayMilliseconds) ms") }
        if let errorStatus, errorRate > 0 {
            parts.append("status \(errorStatus) for \(Int(errorRate * 100))% of requests")
        }
        return parts.joined(separator: ", ")
    }

    enum CodingKeys: String, CodingKey {
        case delayMilliseconds = "delay_ms"
        case errorStatus = "error_status"
        case errorRate = "error_rate"
        case crash
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            delayMilliseconds: try container.decodeIfPresent(Int.self, forKey: .delayMilliseconds) ?? 0,
            errorStatus: try container.decodeIfPresent(Int.self, forKey: .errorStatus),
            errorRate: try container.decodeIfPresent(Double.self, forKey: .errorRate),
            crash: try container.decodeIfPresent(CrashPoint.self, forKey: .crash))
    }

    /// Reads `COMMLAB_FAULT_DELAY_MS`, `COMMLAB_FAULT_STATUS` and `COMMLAB_FAULT_RATE`.
    public static func fromEnvironment(_ environment: [String: String]) throws(FaultPlanError) -> FaultPlan {
        func int(_ name: String) throws(FaultPlanError) -> Int? {
            guard let text = environment[name] else { return nil }
            guard let value = Int(text) else { throw .invalid("\(name) must be a whole number, got '\(text)'") }
            return value
        }
        var rate: Double?
        if let text = environment["COMMLAB_FAULT_RATE"] {
            guard let value = Double(text) else { throw .invalid("COMMLAB_FAULT_RATE must be a number, got '\(text)'") }
            rate = value
        }
        var crash: CrashPoint?
        if let text = environment["COMMLAB_FAULT_CRASH"] {
            guard let point = CrashPoint(rawValue: text) else {
                throw .invalid("COMMLAB_FAULT_CRASH must be after_commit, got '\(text)'")
            }
            crash = point
        }
        let plan = FaultPlan(
            delayMilliseconds: try int("COMMLAB_FAULT_DELAY_MS") ?? 0, errorStatus: try int("COMMLAB_FAULT_STATUS"),
            errorRate: rate, crash: crash)
        try plan.validate()
        return plan
    }
}

/// A fault plan that cannot be carried out, with what is wrong with it.
public enum FaultPlanError: Error, Sendable, Hashable, CustomStringConvertible {
    case invalid(String)

    public var description: String {
        switch self {
        case .invalid(let reason): reason
        }
    }
}
