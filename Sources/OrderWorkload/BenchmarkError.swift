/// A benchmark whose run broke a guarantee: its figures are not to be trusted.
public enum BenchmarkError: Error, CustomStringConvertible {
    case inconsistent(part: String)
    case replayRefused(part: String)
    /// The run did not go as measured (a load generator's requests refused, readers that never caught
    /// up): its figures would not be the workflow's.
    case failed(String)

    public var description: String {
        switch self {
        case .inconsistent(let part): "\(part): stock and completed orders disagree after the benchmark"
        case .replayRefused(let part): "\(part): the analytics service refused the replay; see its log"
        case .failed(let detail): detail
        }
    }
}
