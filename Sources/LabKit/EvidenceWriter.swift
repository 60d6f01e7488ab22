import Foundation

/// Writes what a part's scenarios found, under the repository root:
/// - `<part>/results/<scenario>.json`, the machine-readable result;
/// - `<part>/results/latest.md`, the Markdown report of the whole run;
/// - `screenshots/<part>/<chart>.svg`, and a `.png` copy where `rsvg-convert` exists;
/// - the part README's table between `<!-- commlab:results:start -->` and
///   `<!-- commlab:results:end -->`, so its figures are always those of the latest run.
///
/// A suite of another deployment (`report: "replicated"`) writes `<part>/results/replicated.md` and the
/// README's table between `<!-- commlab:results:replicated:start -->` and its end marker instead.
public struct EvidenceWriter: Sendable {
    public var root: String
    public var part: String
    /// The report's name: `latest` for the part's main suite.
    public var report: String

    public init(root: String, part: String, report: String = "latest") {
        self.root = root
        self.part = part
        self.report = report
    }

    public var resultsDirectory: String { "\(root)/\(part)/results" }
    public var chartsDirectory: String { "\(root)/screenshots/\(part)" }

    /// Saves one scenario's JSON and charts; returns the chart paths written.
    @discardableResult
    public func write(_ result: ScenarioResult) async throws -> [String] {
        try writeJSON(result, named: result.name)
        try FileManager.default.createDirectory(atPath: chartsDirectory, withIntermediateDirectories: true)
        var written: [String] = []
        let renderer = SVGChartRenderer()
        for chart in result.charts {
            let path = "\(chartsDirectory)/\(chart.fileName).svg"
            try renderer.render(chart).write(toFile: path, atomically: true, encoding: .utf8)
            written.append(path)
            if let png = await convertToPNG(svg: path) { written.append(png) }
        }
        return written
    }

    /// Saves `value` as `<part>/results/<name>.json`, keys sorted so that runs diff cleanly.
    public func writeJSON(_ value: some Encodable, named name: String) throws {
        try FileManager.default.createDirectory(atPath: resultsDirectory, withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(value).write(to: URL(fileURLWithPath: "\(resultsDirectory)/\(name).json"))
    }

    /// Saves the run's Markdown report and refreshes the part README's results
    /// section. A partial run (some scenarios only) writes `partial.md` and
    /// leaves the full report and the README as the last full run left them.
    /// Returns the report's path.
    @discardableResult
    public func writeReport(
        _ results: [ScenarioResult], machine: MachineDescription, command: String, partial: Bool = false
    )
        throws -> String
    {
        let report = MarkdownReport(part: part, results: results, machine: machine, command: command)
        try FileManager.default.createDirectory(atPath: resultsDirectory, withIntermediateDirectories: true)
        let path = "\(resultsDirectory)/\(partial ? "partial" : self.report).md"
        try report.render().write(toFile: path, atomically: true, encoding: .utf8)
        if !partial { try updateReadme(with: report.renderSummary(reportName: self.report)) }
        return path
    }

    private func updateReadme(with section: String) throws {
        let path = "\(root)/\(part)/README.md"
        guard let readme = try? String(contentsOfFile: path, encoding: .utf8),
            let start = readme.range(of: marker("start")), let end = readme.range(of: marker("end")),
            start.upperBound <= end.lowerBound
        else { return }
        let updated = readme[..<start.upperBound] + "\n" + section + "\n" + readme[end.lowerBound...]
        try String(updated).write(toFile: path, atomically: true, encoding: .utf8)
    }

    static let startMarker = "<!-- commlab:results:start -->"
    static let endMarker = "<!-- commlab:results:end -->"

    private func marker(_ which: String) -> String {
        report == "latest" ? "<!-- commlab:results:\(which) -->" : "<!-- commlab:results:\(report):\(which) -->"
    }

    private func convertToPNG(svg: String) async -> String? {
        let candidates = ["/usr/bin/rsvg-convert", "/usr/local/bin/rsvg-convert"]
        guard let converter = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            return nil
        }
        let png = String(svg.dropLast(4)) + ".png"
        guard let outcome = try? await ExternalCommand.run(converter, ["-o", png, svg]), outcome.succeeded else {
            return nil
        }
        return png
    }
}
