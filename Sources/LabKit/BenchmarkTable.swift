import Foundation

/// `commlab bench` with no part: every part's headline figures in one table
/// (figure, value, ceiling, share of it, target), written to `BENCHMARKS.json`,
/// to the README between `<!-- commlab:bench:start -->` and
/// `<!-- commlab:bench:end -->`, and a latency–throughput chart per model in
/// `screenshots/bench/`.
public struct BenchmarkTable: Sendable {
    public var root: String
    public var summaries: [BenchmarkSummary]
    public var command: String

    public init(root: String, summaries: [BenchmarkSummary], command: String) {
        self.root = root
        self.summaries = summaries
        self.command = command
    }

    struct Document: Codable {
        var command: String
        var machine: MachineDescription
        var versions: [String: String]
        var parts: [BenchmarkSummary]
    }

    public func write(versions: [String: String]) async throws {
        let machine = summaries.first?.machine ?? .current()
        let allVersions = summaries.reduce(into: versions) { all, summary in
            all.merge(summary.versions) { first, _ in first }
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(Document(command: command, machine: machine, versions: allVersions, parts: summaries))
            .write(to: URL(fileURLWithPath: "\(root)/BENCHMARKS.json"))
        try updateReadme(markdown(machine: machine, versions: allVersions))
        let directory = "\(root)/screenshots/bench"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for summary in summaries where !summary.sweep.isEmpty {
            let path = "\(directory)/\(summary.part)-latency-throughput.svg"
            try SVGChartRenderer().render(chart(for: summary)).write(toFile: path, atomically: true, encoding: .utf8)
        }
    }

    func chart(for summary: BenchmarkSummary) -> Chart {
        Chart(
            fileName: "\(summary.part)-latency-throughput",
            title: "\(summary.model): client latency against offered rate",
            subtitle: [
                "open loop, \(summary.sweep.count) steps doubling the rate until it no longer keeps up; "
                    + "each request timed from its intended send",
                "\(summary.machine.oneLine); the lab's client shares the cores",
            ],
            xLabel: "offered requests/s", yLabel: "client latency, ms",
            content: .series([
                Chart.Series(
                    name: "p99", points: summary.sweep.map { Chart.Point($0.offeredPerSecond, $0.p99Milliseconds) },
                    color: .red),
                Chart.Series(
                    name: "p50", points: summary.sweep.map { Chart.Point($0.offeredPerSecond, $0.p50Milliseconds) },
                    color: .blue),
            ]), showsEveryValue: true)
    }

    func markdown(machine: MachineDescription, versions: [String: String]) -> String {
        var lines = [
            "Measured by `\(command)` on \(machine.oneLine); "
                + versions.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ") + ".",
            "",
            "| part | figure | value | ceiling (same run) | share of ceiling | target | met |",
            "| --- | --- | --- | --- | --- | --- | --- |",
        ]
        for summary in summaries {
            for figure in summary.figures {
                let ceiling =
                    figure.ceiling.map { "\(Self.format($0, figure.unit)) (\(figure.ceilingName ?? ""))" } ?? "—"
                let share = figure.share.map { "\(Format.decimal(100 * $0, places: 0)) %" } ?? "—"
                let met = figure.met.map { $0 ? "yes" : "no" } ?? "—"
                lines.append(
                    "| \(summary.part) | \(figure.name) | \(Self.format(figure.value, figure.unit)) | \(ceiling) | \(share) "
                        + "| \(figure.target ?? "—") | \(met) |")
            }
        }
        let charts = summaries.filter { !$0.sweep.isEmpty }.map {
            "[\($0.model)](screenshots/bench/\($0.part)-latency-throughput.svg)"
        }
        if !charts.isEmpty {
            lines += [
                "", "Client latency against offered rate, up to saturation: " + charts.joined(separator: " · ") + ".",
            ]
        }
        return lines.joined(separator: "\n")
    }

    static func format(_ value: Double, _ unit: String) -> String {
        switch unit {
        case "ms": Format.milliseconds(value)
        case "s": "\(Format.decimal(value, places: 2)) s"
        default: "\(Format.decimal(value, places: value >= 100 ? 0 : 2)) \(unit)"
        }
    }

    static func line(_ figure: BenchmarkFigure) -> String {
        var text = "\(figure.name): \(format(figure.value, figure.unit))"
        if let ceiling = figure.ceiling, let share = figure.share {
            text +=
                "; ceiling \(format(ceiling, figure.unit)) (\(figure.ceilingName ?? "")), "
                + "\(Format.decimal(100 * share, places: 0)) % of it"
        }
        if let target = figure.target { text += "; target \(target): \(figure.met == true ? "met" : "missed")" }
        return text
    }

    private func updateReadme(_ section: String) throws {
        let path = "\(root)/README.md"
        guard let readme = try? String(contentsOfFile: path, encoding: .utf8),
            let start = readme.range(of: "<!-- commlab:bench:start -->"),
            let end = readme.range(of: "<!-- commlab:bench:end -->"), start.upperBound <= end.lowerBound
        else { return }
        let updated = readme[..<start.upperBound] + "\n" + section + "\n" + readme[end.lowerBound...]
        try String(updated).write(toFile: path, atomically: true, encoding: .utf8)
    }
}
