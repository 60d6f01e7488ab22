import LabKit

/// One open-loop step of the search, counted per order like a fault segment.
public struct CapacityStep: Codable, Sendable, Hashable {
    public var offeredPerSecond: Double
    /// Orders completed (or refused as meant) per second of the step's stream.
    public var decidedPerSecond: Double
    public var offered: Int
    public var lost: Int
    /// Orders neither completed nor refused as meant: refused or unanswered when they should have completed.
    public var undecided: Int
    public var duplicated: Int
    public var clientLatency: LatencyFigures
    public var completionLatency: LatencyFigures
    /// From the stream's end until the last order sent in it completed; nil if it never did.
    public var backlogClearedSeconds: Double?
    /// CPU of the model's processes over the step and its drain, per 1,000 orders offered; nil without /proc.
    public var cpuSecondsPer1000Orders: Double?
    /// Why the step was not sustained; empty when it was.
    public var shortfalls: [String]

    public var sustained: Bool { shortfalls.isEmpty }

    /// Judges one step from its per-order count.
    public init(
        offeredPerSecond: Double, outcome: FaultOutcome, settings: CapacitySettings, cpuSeconds: Double?
    ) {
        self.offeredPerSecond = offeredPerSecond
        offered = outcome.offered
        lost = outcome.lost
        let decided = outcome.completed + outcome.rejectedAsMeant
        undecided = max(0, outcome.offered - decided - outcome.lost)
        duplicated = outcome.duplicatedCompletions + outcome.doubleReservations
        decidedPerSecond = Double(decided) / settings.stepSeconds
        clientLatency = LatencyFigures(
            p50Milliseconds: outcome.clientLatency.p50Milliseconds,
            p99Milliseconds: outcome.clientLatency.p99Milliseconds)
        completionLatency = LatencyFigures(
            p50Milliseconds: outcome.completionLatency.p50Milliseconds,
            p99Milliseconds: outcome.completionLatency.p99Milliseconds)
        backlogClearedSeconds = outcome.backlogClearedSeconds
        cpuSecondsPer1000Orders = cpuSeconds.map { outcome.offered > 0 ? $0 / Double(outcome.offered) * 1000 : 0 }
        var shortfalls: [String] = []
        if outcome.clientLatency.p99Milliseconds > settings.sloP99Milliseconds {
            shortfalls.append(
                "client p99 \(Format.milliseconds(outcome.clientLatency.p99Milliseconds)) over the "
                    + "\(Format.milliseconds(settings.sloP99Milliseconds)) SLO")
        }
        if lost > 0 { shortfalls.append("\(lost) lost") }
        if undecided > 0 { shortfalls.append("\(undecided) refused or unanswered") }
        if duplicated > 0 { shortfalls.append("\(duplicated) duplicated") }
        if let cleared = backlogClearedSeconds {
            if cleared > settings.backlogClearSeconds {
                shortfalls.append("backlog took \(Format.decimal(cleared, places: 1)) s to clear")
            }
        } else if lost == 0 {
            shortfalls.append("backlog not cleared")
        }
        self.shortfalls = shortfalls
    }

    /// The two percentiles a capacity step is judged and drawn by.
    public struct LatencyFigures: Codable, Sendable, Hashable {
        public var p50Milliseconds: Double
        public var p99Milliseconds: Double

        enum CodingKeys: String, CodingKey {
            case p50Milliseconds = "p50_ms"
            case p99Milliseconds = "p99_ms"
        }
    }

    enum CodingKeys: String, CodingKey {
        case offered, lost, undecided, duplicated, shortfalls
        case offeredPerSecond = "offered_per_s"
        case decidedPerSecond = "decided_per_s"
        case clientLatency = "client_latency"
        case completionLatency = "completion_latency"
        case backlogClearedSeconds = "backlog_cleared_s"
        case cpuSecondsPer1000Orders = "cpu_s_per_1000_orders"
    }
}
