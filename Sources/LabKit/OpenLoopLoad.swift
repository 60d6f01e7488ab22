/// Sends requests at a fixed offered rate whatever the answers do, and times
/// each from its intended start: when the system falls behind, the waiting
/// shows in the latency instead of slowing the load (no coordinated omission).
public struct OpenLoopLoad: Sendable {
    public var ratePerSecond: Double
    public var duration: Duration

    public init(ratePerSecond: Double, duration: Duration) {
        self.ratePerSecond = ratePerSecond
        self.duration = duration
    }

    public func run<Sample: LoadSample>(_ send: @escaping @Sendable (Int) async -> Sample) async -> LoadReport {
        let clock = ContinuousClock()
        let interval = Duration.nanoseconds(Int64(1e9 / ratePerSecond))
        let count = Int(duration.seconds * ratePerSecond)
        let start = clock.now
        let (recorder, outcomes) = await withTaskGroup(of: (Duration, String).self) { group in
            for index in 0..<count {
                let intended = start + interval * index
                if intended > clock.now {
                    try? await Task.sleep(until: intended, clock: clock)
                }
                group.addTask {
                    let exchange = await send(index)
                    return (clock.now - intended, exchange.outcome)
                }
            }
            var recorder = LatencyRecorder()
            var outcomes: [String: Int] = [:]
            for await (latency, outcome) in group {
                recorder.record(latency)
                outcomes[outcome, default: 0] += 1
            }
            return (recorder, outcomes)
        }
        let elapsed = (clock.now - start).seconds
        return LoadReport(
            latency: recorder.summary, outcomes: outcomes, elapsedSeconds: elapsed,
            throughputPerSecond: Double(count) / max(elapsed, 1e-9), offeredRatePerSecond: ratePerSecond)
    }
}
