/// A benchmark whose run broke a guarantee: its figures are not to be trusted.
public enum BenchmarkError: Error, CustomStringConvertible {
    case inconsistent(part: String)
    case replayRefused(part: String)
    /// A load generator's requests were not all answered as expected, so its latency is not the service's.
    case loadRefused(String)

    public var description: String {
        switch self {
        case .inconsistent(let part): "\(part): stock and completed orders disagree after the benchmark"
        case .replayRefused(let part): "\(part): the analytics service refused the replay; see its log"
        case .loadRefused(let detail): detail
        }
    }
}
