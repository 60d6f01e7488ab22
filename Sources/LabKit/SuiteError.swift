/// A suite that cannot run as asked.
public enum SuiteError: Error, CustomStringConvertible {
    case noScenario([String], available: [String])

    public var description: String {
        switch self {
        case .noScenario(let asked, let available):
            "no scenario named \(asked.joined(separator: ", ")); available: \(available.joined(separator: ", "))"
        }
    }
}
