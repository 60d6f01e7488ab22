import ArgumentParser
import LabKit

struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmarks: figures printed and saved as JSON, never pass/fail on speed.",
        discussion: """
            commlab bench [PART] [part options]; with no part, every part's benchmark in turn.
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
        for part in parts {
            let partRun = PartRun(
                executable: SelfExecutable.path, root: run.root,
                workDirectory: run.workDirectory(for: "bench-\(part.name)"), command: LabRunOptions.commandLine)
            try await part.runBenchmark(partRun, arguments: options)
        }
    }
}
