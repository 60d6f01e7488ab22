/// What a load run measured: latencies, outcomes by status, and the rate achieved.
public struct LoadReport: Codable, Sendable {
    public var latency: LatencySummary
    /// Count per outcome: `"201"`, `"422"`, `"connection refused"`, …
    public var outcomes: [String: Int]
    public var elapsedSeconds: Double
    /// Completed requests per second over the run.
    public var throughputPerSecond: Double
    /// The rate asked for, for open-loop runs.
    public var offeredRatePerSecond: Double?

    enum CodingKeys: String, CodingKey {
        case latency, outcomes
        case elapsedSeconds = "elapsed_s"
        case throughputPerSecond = "throughput_per_s"
        case offeredRatePerSecond = "offered_rate_per_s"
    }

    public var total: Int { outcomes.values.reduce(0, +) }

    public func count(of outcome: String) -> Int { outcomes[outcome] ?? 0 }
}
