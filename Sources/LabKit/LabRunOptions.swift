import ArgumentParser
import Foundation

/// Where a lab run writes its evidence and keeps its scratch files.
public struct LabRunOptions: ParsableArguments {
    public init() {}

    @Option(help: "Repository root: evidence goes to <root>/<part>/results and <root>/screenshots/<part>.")
    public var root = "."

    @Option(help: "Scratch folder for service logs and databases (default: <root>/.commlab).")
    public var workDirectory: String?

    public func workDirectory(for part: String) -> String {
        (workDirectory ?? "\(root)/.commlab") + "/\(part)"
    }

    public static var commandLine: String {
        "commlab " + CommandLine.arguments.dropFirst().joined(separator: " ")
    }
}
