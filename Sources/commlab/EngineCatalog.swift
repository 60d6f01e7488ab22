import Brokers
import KafkaEngine
import RabbitMQEngine

/// Every broker engine the executable knows. A new engine is a module with
/// one `BrokerEngine` conformance, one line here, and the part that runs on it.
enum EngineCatalog {
    static let all: [any BrokerEngine.Type] = [RabbitMQBroker.self, KafkaBroker.self]

    /// One paragraph per engine for `--help`: what it is, how to name your own, what the lab can do to it.
    static var listing: String {
        all.map { engine in
            let faults = engine.processFaults.map(\.rawValue).sorted().joined(separator: ", ")
            return "\(engine.name): \(engine.summary).\n"
                + "  Yours instead: \(engine.environmentVariable)=\(engine.addressFormat). "
                + "Process faults on a private one: \(faults.isEmpty ? "none" : faults)."
        }
        .joined(separator: "\n")
    }
}
