import Foundation
import ArgumentParser
import LabKit

struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmarks: figures printed and saved as JSON, never pass/fail on speed.",
        discussion: """
            commlab bench [PART] [part options]; with no part, every part's benchmark in turn, \
            then one table of the headline figures (value, the ceiling measured in the same run, \
            share of it, target) in BENCHMARKS.json and the README's performance section, and a \
            latency–throughput chart per model in screenshots/bench/.
            Build with -c release first: debug builds are several times slower.

            \(PartCatalog.listing)

            Part options:
            \(PartCatalog.benchOptions)
            """)

    @Argument(help: "The part: \(PartCatalog.names); none runs them all.")
    var part: String?

    @OptionGroup var run: LabRunOptions

    @Argument(parsing: .allUnrecognized, help: "The part's own options.")
    var options: [String] = []

    func validate() throws {
        if let part { _ = try PartCatalog.named(part) }
        if part == nil, !options.isEmpty {
            throw ValidationError("part options (\(options.joined(separator: " "))) need a part")
        }
    }

    func run() async throws {
        ChildProcessRegistry.stopChildrenOnInterrupt()
        let parts = try part.map { [try PartCatalog.named($0)] } ?? PartCatalog.all
        var summaries: [BenchmarkSummary] = []
        for part in parts {
            let partRun = PartRun(
                executable: SelfExecutable.path, root: run.root,
                workDirectory: run.workDirectory(for: "bench-\(part.name)"), command: LabRunOptions.commandLine)
            // A summary left by an earlier run must not pass for this one.
            try? FileManager.default.removeItem(atPath: BenchmarkSummary.path(root: run.root, part: part.name))
            try await part.runBenchmark(partRun, arguments: options)
            if let summary = BenchmarkSummary.read(root: run.root, part: part.name) {
                partRun.progress.say("\(part.name): the headline figures")
                summary.say(to: partRun.progress)
                summaries.append(summary)
            }
        }
        guard part == nil, !summaries.isEmpty else { return }
        let table = BenchmarkTable(root: run.root, summaries: summaries, command: LabRunOptions.commandLine)
        try await table.write(versions: await Self.versions())
        print("wrote BENCHMARKS.json, the README's performance table and screenshots/bench/")
    }

    /// The compiler and the commit the figures came from.
    static func versions() async -> [String: String] {
        var versions: [String: String] = [:]
        if let swift = try? await ExternalCommand.run("/usr/bin/env", ["swift", "--version"]), swift.succeeded,
            let line = swift.output.split(separator: "\n").first(where: { $0.contains("Swift version") })
        {
            versions["Swift"] = line.components(separatedBy: "Swift version ").last?.split(separator: " ").first.map(
                String.init)
        }
        if let commit = try? await ExternalCommand.run("/usr/bin/env", ["git", "rev-parse", "--short", "HEAD"]),
            commit.succeeded
        {
            versions["commlab"] = commit.output.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        return versions
    }
}
