import ArgumentParser
import Foundation

/// Where a lab run writes its evidence and keeps its scratch files.
struct LabRunOptions: ParsableArguments {
    @Option(help: "Repository root: evidence goes to <root>/<part>/results and <root>/screenshots/<part>.")
    var root = "."

    @Option(help: "Scratch folder for service logs and databases (default: <root>/.commlab).")
    var workDirectory: String?

    func workDirectory(for part: String) -> String {
        (workDirectory ?? "\(root)/.commlab") + "/\(part)"
    }

    static var commandLine: String {
        "commlab " + CommandLine.arguments.dropFirst().joined(separator: " ")
    }
}
