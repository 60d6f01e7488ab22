/// A part asked for something it does not have.
public enum PartError: Error, CustomStringConvertible {
    case unknownRole(String, of: any Part.Type)

    public var description: String {
        switch self {
        case .unknownRole(let role, let part):
            "\(part.name) has no role '\(role)'; its roles: \(part.roles.joined(separator: ", "))"
        }
    }
}

/// A benchmark whose run broke a guarantee: its figures are not to be trusted.
public enum BenchmarkError: Error, CustomStringConvertible {
    case inconsistent(part: String)

    public var description: String {
        switch self {
        case .inconsistent(let part): "\(part): stock and completed orders disagree after the benchmark"
        }
    }
}
