import ArgumentParser
import AsyncQueue
import PizzaLine
import RabbitStreamLog
import LabKit
import StreamingLog
import SyncREST

/// Every part the executable knows, in the order `commlab lab` runs them.
/// A new part is one line here (and its module in Package.swift).
enum PartCatalog {
    static let all: [any Part.Type] = [
        SyncRESTPart.self, AsyncQueuePart.self, StreamingLogPart.self, RabbitStreamPart.self, PizzaLinePart.self,
    ]

    static func named(_ name: String) throws -> any Part.Type {
        guard let part = all.first(where: { $0.name == name }) else {
            throw ValidationError("no part named '\(name)'; parts: \(names)")
        }
        return part
    }

    static var names: String { all.map { $0.name }.joined(separator: ", ") }

    /// One line per part with its roles, for `--help`.
    static var listing: String {
        all.map {
            "  \($0.name.padding(toLength: 14, withPad: " ", startingAt: 0)) \($0.summary)\n"
                + "  \(String(repeating: " ", count: 14)) roles: \($0.roles.joined(separator: ", "))"
        }
        .joined(separator: "\n")
    }

    /// Each part's own scenario options, for `commlab scenario --help`.
    static var scenarioOptions: String {
        all.map { "  \($0.name):\n\($0.scenarioOptionsHelp)" }.joined(separator: "\n")
    }

    /// Each part's own benchmark options, for `commlab bench --help`.
    static var benchOptions: String {
        all.map { "  \($0.name):\n\($0.benchOptionsHelp)" }.joined(separator: "\n")
    }
}
