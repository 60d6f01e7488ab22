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
