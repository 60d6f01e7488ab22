/// The Markdown form of a part's run: a summary table for the README, and the
/// full report with every check, figure and table.
public struct MarkdownReport: Sendable {
    public var part: String
    public var results: [ScenarioResult]
    public var machine: MachineDescription
    public var command: String

    public func render() -> String {
        var out = "# \(part): latest run\n\n"
        out += "Measured \(machine.oneLine).\n\nReproduce with `\(command)`.\n\n"
        out += renderSummary(heading: "## Summary")
        for result in results {
            out += "\n## \(result.name): \(result.title) — \(result.passed ? "PASS" : "FAIL")\n\n"
            for check in result.checks {
                out += "- \(check.passed ? "✅" : "❌") \(check.name): \(check.detail)\n"
            }
            if !result.latencies.isEmpty {
                out +=
                    "\n"
                    + table(
                        header: ["latency (ms)"] + LatencySummary.tableHeader,
                        rows: result.latencies.map { [$0.name] + $0.summary.tableRow })
            }
            if !result.figures.isEmpty {
                out +=
                    "\n"
                    + table(
                        header: ["figure", "value"],
                        rows: result.figures.map { [$0.name, "\(Format.figure($0.value)) \($0.unit)"] })
            }
            for extra in result.tables {
                out += "\n**\(extra.title)**\n\n" + table(header: extra.header, rows: extra.rows)
            }
            for chart in result.charts {
                out += "\n![\(chart.title)](../../screenshots/\(part)/\(chart.fileName).svg)\n"
            }
        }
        return out
    }

    /// The part of the report that goes into the part's README.
    /// `reportName`: the full report's file in `results/` (`latest`, or a deployment's own).
    public func renderSummary(heading: String? = nil, reportName: String = "latest") -> String {
        var out = heading.map { "\($0)\n\n" } ?? ""
        out += "Measured \(machine.oneLine), with `\(command)`.\n\n"
        out += table(
            header: ["scenario", "result", "key figures"],
            rows: results.map { result in
                // The largest sample says most about the scenario.
                let latency = result.latencies.max { $0.summary.count < $1.summary.count }
                    .map { "\($0.name): \($0.summary.oneLine)" }
                let figures = result.figures.prefix(3).map { "\($0.name) \(Format.figure($0.value)) \($0.unit)" }
                return [
                    "\(result.name)", result.passed ? "PASS" : "FAIL",
                    ([latency].compactMap { $0 } + figures).joined(separator: "; "),
                ]
            })
        out += "\nFull report: [results/\(reportName).md](results/\(reportName).md).\n"
        return out
    }

    private func table(header: [String], rows: [[String]]) -> String {
        var out = "| " + header.joined(separator: " | ") + " |\n"
        out += "|" + header.map { _ in " --- |" }.joined() + "\n"
        for row in rows {
            out += "| " + row.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |\n"
        }
        return out
    }
}
