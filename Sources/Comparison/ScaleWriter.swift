import Foundation
import LabKit

/// Writes a finished scale run: SCALE.md and SCALE.json at the root, the
/// charts in `screenshots/scale/`. Called only with a whole report, so an
/// interrupted run leaves the last one intact.
public struct ScaleWriter: Sendable {
    public var root: String

    public init(root: String) {
        self.root = root
    }

    /// Returns the paths written.
    @discardableResult
    public func write(_ report: ScaleReport) throws -> [String] {
        var written: [String] = []
        let charts = "\(root)/screenshots/scale"
        try FileManager.default.createDirectory(atPath: charts, withIntermediateDirectories: true)
        for (name, svg) in ScaleCharts(report: report).render() {
            try svg.write(toFile: "\(charts)/\(name)", atomically: true, encoding: .utf8)
            written.append("\(charts)/\(name)")
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        try encoder.encode(report).write(to: URL(fileURLWithPath: "\(root)/SCALE.json"), options: .atomic)
        written.append("\(root)/SCALE.json")
        try ScaleMarkdown(report: report).render().write(
            toFile: "\(root)/SCALE.md", atomically: true, encoding: .utf8)
        written.append("\(root)/SCALE.md")
        return written
    }
}
