import Synchronization

/// What the demo's order stream saw from one model, per second since the
/// demo started: requests offered, answered 2xx, refused, unanswered, and the
/// latencies of the recent answers.
final class ModelFeed: Sendable {
    struct Second: Codable, Sendable, Hashable {
        var offered = 0
        var accepted = 0
        var refused = 0
        var unanswered = 0
    }

    private struct State {
        var seconds: [Int: Second] = [:]
        /// (answered at, latency ms) of the last few seconds, for the sliding percentiles.
        var recent: [(Double, Double)] = []
        var totals = Second()
    }

    private let state = Mutex(State())
    /// The sliding window the latency percentiles are taken over.
    static let latencyWindow = 5.0

    func offered(at second: Int) {
        state.withLock {
            $0.seconds[second, default: Second()].offered += 1
            $0.totals.offered += 1
        }
    }

    func answered(status: Int?, latencyMilliseconds: Double, at time: Double) {
        state.withLock { state in
            let second = Int(time)
            switch status {
            case .some(200..<300):
                state.seconds[second, default: Second()].accepted += 1
                state.totals.accepted += 1
            case .some:
                state.seconds[second, default: Second()].refused += 1
                state.totals.refused += 1
            case .none:
                state.seconds[second, default: Second()].unanswered += 1
                state.totals.unanswered += 1
            }
            state.recent.append((time, latencyMilliseconds))
        }
    }

    func second(_ second: Int) -> Second { state.withLock { $0.seconds[second] ?? Second() } }

    var totals: Second { state.withLock { $0.totals } }

    /// p50 and p99 of the answers in the window ending at `now`; nil with no answers.
    func percentiles(now: Double) -> (p50: Double, p99: Double)? {
        let latencies = state.withLock { state in
            state.recent.removeAll { $0.0 < now - Self.latencyWindow }
            for key in state.seconds.keys where key < Int(now) - 600 { state.seconds[key] = nil }
            return state.recent.map(\.1)
        }
        guard !latencies.isEmpty else { return nil }
        let sorted = latencies.sorted()
        func at(_ share: Double) -> Double { sorted[min(sorted.count - 1, Int(Double(sorted.count) * share))] }
        return (at(0.5), at(0.99))
    }
}
