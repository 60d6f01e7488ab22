import Foundation

/// What one part's benchmark leaves for `commlab bench` with no part: its
/// headline figures with their ceilings and targets, the latency–throughput
/// sweep, and the versions it ran on. Written to `<part>/results/summary.json`.
public struct BenchmarkSummary: Codable, Sendable {
    public var part: String
    public var model: String
    public var machine: MachineDescription
    public var figures: [BenchmarkFigure]
    public var sweep: [RateSweep.Point]
    /// Library and broker versions, e.g. `librdkafka: 2.0.2`.
    public var versions: [String: String]

    public init(
        part: String, model: String, machine: MachineDescription, figures: [BenchmarkFigure],
        sweep: [RateSweep.Point], versions: [String: String]
    ) {
        self.part = part
        self.model = model
        self.machine = machine
        self.figures = figures
        self.sweep = sweep
        self.versions = versions
    }

    public static func path(root: String, part: String) -> String { "\(root)/\(part)/results/summary.json" }

    public func write(root: String) throws {
        let path = Self.path(root: root, part: part)
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(self).write(to: URL(fileURLWithPath: path))
    }

    public static func read(root: String, part: String) -> BenchmarkSummary? {
        guard let data = FileManager.default.contents(atPath: path(root: root, part: part)) else { return nil }
        return try? JSONDecoder().decode(BenchmarkSummary.self, from: data)
    }

    /// Prints the figures with their share of the ceiling, as the benchmark ends.
    public func say(to progress: ProgressLog) {
        for figure in figures {
            progress.say("  " + BenchmarkTable.line(figure))
        }
    }
}
