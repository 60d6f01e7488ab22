import Foundation
import LabKit

/// Writes a finished comparison: COMPARISON.md and COMPARISON.json at the
/// root, the charts in `screenshots/compare/`, and the README's table. Called
/// only with a whole report, so an interrupted run leaves the last one intact.
public struct ComparisonWriter: Sendable {
    public var root: String

    public init(root: String) {
        self.root = root
    }

    public static let readmeStart = "<!-- commlab:compare:start -->"
    public static let readmeEnd = "<!-- commlab:compare:end -->"

    /// Returns the paths written.
    @discardableResult
    public func write(_ report: ComparisonReport, updateReadme: Bool = true) throws -> [String] {
        var written: [String] = []
        let charts = "\(root)/screenshots/compare"
        try FileManager.default.createDirectory(atPath: charts, withIntermediateDirectories: true)
        for (name, svg) in ComparisonCharts(report: report).render() {
            try svg.write(toFile: "\(charts)/\(name)", atomically: true, encoding: .utf8)
            written.append("\(charts)/\(name)")
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(report).write(to: URL(fileURLWithPath: "\(root)/COMPARISON.json"), options: .atomic)
        written.append("\(root)/COMPARISON.json")
        let markdown = ComparisonMarkdown(report: report)
        try markdown.render().write(toFile: "\(root)/COMPARISON.md", atomically: true, encoding: .utf8)
        written.append("\(root)/COMPARISON.md")
        if updateReadme, try replaceReadmeSection(with: markdown.renderReadmeSection()) {
            written.append("\(root)/README.md")
        }
        return written
    }

    private func replaceReadmeSection(with section: String) throws -> Bool {
        let path = "\(root)/README.md"
        guard let readme = try? String(contentsOfFile: path, encoding: .utf8),
            let start = readme.range(of: Self.readmeStart), let end = readme.range(of: Self.readmeEnd),
            start.upperBound <= end.lowerBound
        else { return false }
        let updated = readme[..<start.upperBound] + "\n" + section + "\n" + readme[end.lowerBound...]
        try String(updated).write(toFile: path, atomically: true, encoding: .utf8)
        return true
    }
}
