/// Latency percentiles of one measurement, in milliseconds, with the sample count.
public struct LatencySummary: Codable, Sendable, Hashable {
    public var count: Int
    public var meanMilliseconds: Double
    public var minMilliseconds: Double
    public var p50Milliseconds: Double
    public var p90Milliseconds: Double
    public var p95Milliseconds: Double
    public var p99Milliseconds: Double
    public var p999Milliseconds: Double
    public var maxMilliseconds: Double

    public static let empty = LatencySummary(
        count: 0, meanMilliseconds: 0, minMilliseconds: 0, p50Milliseconds: 0, p90Milliseconds: 0,
        p95Milliseconds: 0, p99Milliseconds: 0, p999Milliseconds: 0, maxMilliseconds: 0)

    enum CodingKeys: String, CodingKey {
        case count
        case meanMilliseconds = "mean_ms"
        case minMilliseconds = "min_ms"
        case p50Milliseconds = "p50_ms"
        case p90Milliseconds = "p90_ms"
        case p95Milliseconds = "p95_ms"
        case p99Milliseconds = "p99_ms"
        case p999Milliseconds = "p99_9_ms"
        case maxMilliseconds = "max_ms"
    }

    /// The columns of ``tableRow``.
    public static let tableHeader = ["n", "mean", "p50", "p90", "p95", "p99", "p99.9", "max"]

    /// `n, mean, p50, p90, p95, p99, p99.9, max` formatted in ms.
    public var tableRow: [String] {
        [String(count)]
            + [
                meanMilliseconds, p50Milliseconds, p90Milliseconds, p95Milliseconds, p99Milliseconds,
                p999Milliseconds, maxMilliseconds,
            ].map(Format.milliseconds)
    }

    /// One line for progress output.
    public var oneLine: String {
        "n=\(count) mean=\(Format.milliseconds(meanMilliseconds)) p50=\(Format.milliseconds(p50Milliseconds)) "
            + "p99=\(Format.milliseconds(p99Milliseconds)) max=\(Format.milliseconds(maxMilliseconds))"
    }
}
