/// Client latency against offered rate, from a light load up to saturation:
/// open-loop runs at doubling rates, each timed from the intended send, until
/// the model no longer keeps up (it answers fewer than 90 % of the offered
/// requests per second, p99 passes a second, or more than 5 % fail).
public struct RateSweep: Sendable {
    public var startRate: Double
    public var maximumRate: Double
    public var stepDuration: Duration

    public init(startRate: Double = 250, maximumRate: Double = 16_000, stepDuration: Duration = .seconds(3)) {
        self.startRate = startRate
        self.maximumRate = maximumRate
        self.stepDuration = stepDuration
    }

    public struct Point: Codable, Sendable, Hashable {
        public var offeredPerSecond: Double
        public var answeredPerSecond: Double
        public var p50Milliseconds: Double
        public var p99Milliseconds: Double
        public var failedShare: Double

        enum CodingKeys: String, CodingKey {
            case offeredPerSecond = "offered_per_s"
            case answeredPerSecond = "answered_per_s"
            case p50Milliseconds = "p50_ms"
            case p99Milliseconds = "p99_ms"
            case failedShare = "failed_share"
        }
    }

    /// Runs the sweep; `send` sends one request, `succeeded` says whether an outcome counts as answered.
    public func run<Sample: LoadSample>(
        progress: ProgressLog, succeeded: @escaping @Sendable (String) -> Bool,
        _ send: @escaping @Sendable (Int) async -> Sample
    ) async -> [Point] {
        var points: [Point] = []
        var rate = startRate
        while rate <= maximumRate {
            let report = await OpenLoopLoad(ratePerSecond: rate, duration: stepDuration).run(send)
            let ok = report.outcomes.filter { succeeded($0.key) }.values.reduce(0, +)
            let point = Point(
                offeredPerSecond: rate, answeredPerSecond: Double(ok) / max(report.elapsedSeconds, 1e-9),
                p50Milliseconds: report.latency.p50Milliseconds, p99Milliseconds: report.latency.p99Milliseconds,
                failedShare: report.total == 0 ? 0 : Double(report.total - ok) / Double(report.total))
            points.append(point)
            progress.say(
                "  offered \(Format.decimal(rate, places: 0))/s: answered \(Format.decimal(point.answeredPerSecond, places: 0))/s, "
                    + "p50 \(Format.milliseconds(point.p50Milliseconds)), p99 \(Format.milliseconds(point.p99Milliseconds))"
            )
            if point.answeredPerSecond < 0.9 * rate || point.p99Milliseconds > 1_000 || point.failedShare > 0.05 {
                break
            }
            rate *= 2
        }
        return points
    }
}
