/// A benchmark whose run broke a guarantee: its figures are not to be trusted.
public enum BenchmarkError: Error, CustomStringConvertible {
    case inconsistent(part: String)

    public var description: String {
        switch self {
        case .inconsistent(let part): "\(part): stock and completed orders disagree after the benchmark"
        }
    }
}
