/// `concurrency` workers each send a request and wait for its answer before
/// the next, until `total` have been sent. Latency here excludes time a
/// request would have waited to be sent, so it understates queueing under
/// overload; ``OpenLoopLoad`` does not.
public struct ClosedLoopLoad: Sendable {
    public var concurrency: Int
    public var total: Int

    public init(concurrency: Int, total: Int) {
        self.concurrency = concurrency
        self.total = total
    }

    public func run<Sample: LoadSample>(keepSamples: Bool = false, _ send: @escaping @Sendable (Int) async -> Sample)
        async -> (
            LoadReport, LatencyRecorder
        )
    {
        let clock = ContinuousClock()
        let start = clock.now
        let workers = max(1, min(concurrency, total))
        let results = await withTaskGroup(of: (LatencyRecorder, [String: Int]).self) { group in
            for worker in 0..<workers {
                group.addTask {
                    var recorder = LatencyRecorder(keepsSamples: keepSamples)
                    var outcomes: [String: Int] = [:]
                    var index = worker
                    while index < total {
                        let exchange = await send(index)
                        recorder.record(exchange.latency)
                        outcomes[exchange.outcome, default: 0] += 1
                        index += workers
                    }
                    return (recorder, outcomes)
                }
            }
            var merged = (LatencyRecorder(keepsSamples: keepSamples), [String: Int]())
            for await (recorder, outcomes) in group {
                merged.0.merge(recorder)
                merged.1.merge(outcomes, uniquingKeysWith: +)
            }
            return merged
        }
        let elapsed = (clock.now - start).seconds
        let report = LoadReport(
            latency: results.0.summary, outcomes: results.1, elapsedSeconds: elapsed,
            throughputPerSecond: Double(total) / max(elapsed, 1e-9), offeredRatePerSecond: nil)
        return (report, results.0)
    }
}
