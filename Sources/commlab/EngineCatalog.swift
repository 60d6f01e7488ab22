import ArgumentParser
import Brokers
import KafkaEngine
import RabbitMQEngine

/// Every broker engine the executable knows. A new engine is a module with
/// one `DetachedBrokerEngine` conformance, one line here, and the part that runs on it.
enum EngineCatalog {
    static let all: [any DetachedBrokerEngine.Type] = [
        RabbitMQBroker.self, RabbitMQClusterBroker.self, KafkaBroker.self, KafkaClusterBroker.self,
    ]

    static var names: String { all.map { $0.name }.joined(separator: ", ") }

    static func named(_ name: String) throws -> any DetachedBrokerEngine.Type {
        guard let engine = all.first(where: { $0.name == name }) else {
            throw ValidationError("no engine '\(name)'; engines: \(names)")
        }
        return engine
    }

    /// One paragraph per engine for `--help`: what it is, how to name your own, what the lab can do to it.
    static var listing: String {
        all.map { engine in
            let faults = engine.processFaults.map(\.rawValue).sorted().joined(separator: ", ")
            return "\(engine.name): \(engine.summary).\n"
                + "  \(engine.detachedHelp)\n"
                + "  Yours instead: \(engine.environmentVariable)=\(engine.addressFormat). "
                + "Process faults on a private one: \(faults.isEmpty ? "none" : faults)."
        }
        .joined(separator: "\n")
    }
}
