import Foundation

/// A catalogue fault asked of one service through its admin API:
/// `{"fault": "inventory_slow", "delay_ms": 200}`. Only the kinds that act
/// on a service's own plan (``FaultTarget/servicePlan(role:)``) can be set
/// this way; the others act on a process, the broker or the input, from
/// outside the service, and are refused with the reason.
public struct ServiceFaultRequest: Sendable, Hashable {
    public var kind: FaultKind
    /// Parameter values by key, each checked against the catalogue's range.
    public var values: [String: Double]

    public init(kind: FaultKind, values: [String: Double]) throws(FaultPlanError) {
        guard case .servicePlan = kind.target else {
            throw .invalid(
                "\(kind.rawValue) acts on \(kind.target), not on a service's own plan: the lab applies it from "
                    + "outside (commlab compare, commlab demo); a service takes "
                    + Self.serviceKinds.map(\.rawValue).joined(separator: ", "))
        }
        let known = Set(kind.parameters.map(\.key))
        if let unknown = values.keys.sorted().first(where: { !known.contains($0) }) {
            throw .invalid(
                "\(kind.rawValue) takes no \(unknown); its parameters: "
                    + kind.parameters.map(\.key).joined(separator: ", "))
        }
        for parameter in kind.parameters {
            if let problem = parameter.problem(with: values[parameter.key]) { throw .invalid(problem) }
        }
        self.kind = kind
        self.values = values
    }

    /// The kinds a service can be asked for through its admin API.
    public static var serviceKinds: [FaultKind] {
        FaultKind.allCases.filter {
            if case .servicePlan = $0.target { return true }
            return false
        }
    }

    /// Reads `{"fault": KIND, PARAMETER: number, ...}`; nil when the object
    /// names no `fault` (a plain ``FaultPlan`` then).
    public static func decode(_ data: Data) throws(FaultPlanError) -> ServiceFaultRequest? {
        let body: Body
        do {
            body = try JSONDecoder().decode(Body.self, from: data)
        } catch {
            // Not an object of a fault and numbers: when it names a fault, say so; else it may be a plan.
            guard (try? JSONDecoder().decode(Named.self, from: data))?.fault != nil else { return nil }
            throw .invalid("a fault's parameters are numbers: \(error)")
        }
        guard let name = body.fault else { return nil }
        guard let kind = FaultKind(rawValue: name) else {
            throw .invalid(
                "unknown fault \(name); a service takes " + serviceKinds.map(\.rawValue).joined(separator: ", "))
        }
        return try ServiceFaultRequest(kind: kind, values: body.values)
    }

    /// `{"fault": ..., key: number, ...}`, read key by key.
    private struct Body: Decodable {
        var fault: String?
        var values: [String: Double] = [:]

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: AnyKey.self)
            for key in container.allKeys {
                if key.stringValue == "fault" {
                    fault = try container.decode(String.self, forKey: key)
                } else {
                    values[key.stringValue] = try container.decode(Double.self, forKey: key)
                }
            }
        }
    }

    private struct Named: Decodable {
        var fault: String?
    }

    private struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// The plan the service carries out.
    public var plan: FaultPlan {
        // The initializer admits only service-plan kinds, each with its parameters checked.
        kind.servicePlan(values) ?? .none
    }
}

extension FaultKind {
    /// The plan a service carries for this kind with `values` (a missing
    /// value takes the catalogue's demo value); nil for a kind that acts
    /// elsewhere. The one place a catalogue kind becomes a service's plan.
    public func servicePlan(_ values: [String: Double]) -> FaultPlan? {
        func value(_ parameter: FaultParameter) -> Double { values[parameter.key] ?? parameter.demoValue }
        return switch self {
        case .inventorySlow: .delay(milliseconds: Int(value(.delay)))
        case .inventoryFailing: .error(status: 500, rate: value(.errorRate))
        default: nil
        }
    }
}
