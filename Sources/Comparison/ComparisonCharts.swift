import Faults
import LabKit

/// The charts a reader looks at first: a timeline per fault with the models
/// stacked, the baseline latency CDF, and the lost/duplicated/refused bars.
struct ComparisonCharts {
    let report: ComparisonReport

    /// One colour per model, the same in every chart whichever models ran.
    private static func color(of model: ModelResult) -> Chart.Color {
        switch model.model.prefix(1) {
        case "A": .blue
        case "B": .orange
        case "C": .green
        default: .purple
        }
    }

    private static let shortNames: [FaultKind: String] = [
        .baseline: "baseline", .inventorySlow: "inv. slow", .inventoryFailing: "inv. failing",
        .inventoryDown: "inv. down", .consumerCrash: "crash", .brokerPaused: "broker paused",
        .brokerCrash: "broker crash",
        .poisonInput: "poison",
        .duplicateDelivery: "duplicate",
        .linkPartition: "partition", .linkHalfOpen: "half-open", .linkLoss: "loss", .linkReset: "reset",
        .linkLatency: "latency", .linkBandwidth: "bandwidth",
        .consumerLinkPartition: "consumer cut", .consumerLinkLoss: "consumer loss",
        .readerLinkPartition: "reader cut", .clientLinkHalfOpen: "client half-open",
    ]

    /// File name (without folder) → SVG document.
    func render() -> [String: String] {
        var files: [String: String] = [:]
        let renderer = SVGChartRenderer()
        var stackRenderer = SVGChartRenderer()
        stackRenderer.height = 300
        for window in report.workload.effective.faults {
            let charts = report.models.compactMap { timeline(of: $0, window.kind) }
            guard !charts.isEmpty else { continue }
            files["timeline-\(window.kind.rawValue).svg"] = stackRenderer.renderStacked(charts)
        }
        files["latency-cdf-baseline.svg"] = renderer.render(cdf())
        if let capacity = capacityCurves() { files["capacity.svg"] = renderer.render(capacity) }
        var barRenderer = SVGChartRenderer()
        barRenderer.width = 1100
        barRenderer.height = 380
        files["outcomes.svg"] = barRenderer.renderStacked([
            outcomeBars("lost", "lost (accepted, never completed)") { Double($0.lost) },
            outcomeBars("duplicated", "duplicated (completed or reserved twice)") {
                Double($0.duplicatedCompletions + $0.doubleReservations)
            },
            outcomeBars("refused", "refused with an error (4xx/5xx)") { Double($0.refusedTotal) },
        ])
        return files
    }

    private func timeline(of model: ModelResult, _ kind: FaultKind) -> Chart? {
        guard let fault = model.fault(kind) else { return nil }
        let title = "\(model.model) — \(fault.window.label)"
        guard let segment = fault.segment else {
            return Chart(
                fileName: "", title: title,
                subtitle: ["not applicable: \(fault.notApplicable ?? fault.error ?? "no figures")"], xLabel: "",
                yLabel: "", content: .bars([]))
        }
        let buckets = segment.outcome.timeline
        func series(_ name: String, _ color: Chart.Color, _ value: (FaultOutcome.SecondBucket) -> Int) -> Chart.Series {
            Chart.Series(
                name: name, points: buckets.map { Chart.Point(Double($0.second), Double(value($0))) }, color: color)
        }
        let o = segment.outcome
        return Chart(
            fileName: "", title: title,
            subtitle: [
                "\(o.offered) sent · \(o.accepted) 2xx · \(o.refusedTotal) refused · \(o.completed) completed · \(o.lost) lost"
            ],
            xLabel: "seconds into the segment (fault window shaded)", yLabel: "per second",
            content: .series([
                series("offered", .gray) { $0.offered }, series("accepted (2xx)", .blue) { $0.accepted },
                series("completed", .green) { $0.completed },
            ]), shaded: [segment.windowStart...segment.windowEnd])
    }

    /// Every model's latency–throughput curve on the same axes, with the SLO the search held them to.
    private func capacityCurves() -> Chart? {
        guard let settings = report.workload.effective.capacity else { return nil }
        // A saturated step's p99 runs to the client timeout and would flatten every other point: it is drawn at
        // the ceiling, and the subtitle says so.
        let ceiling = settings.sloP99Milliseconds * 5
        var series: [Chart.Series] = []
        for model in report.models {
            guard let steps = model.capacity?.curve, !steps.isEmpty else { continue }
            series.append(
                Chart.Series(
                    name: model.model,
                    points: steps.map {
                        Chart.Point($0.offeredPerSecond, min($0.clientLatency.p99Milliseconds, ceiling))
                    },
                    color: Self.color(of: model)))
        }
        guard !series.isEmpty else { return nil }
        let highest = series.flatMap { $0.points.map(\.x) }.max() ?? settings.maximumRate
        series.append(
            Chart.Series(
                name: "SLO (p99 \(Format.milliseconds(settings.sloP99Milliseconds)))",
                points: [
                    Chart.Point(0, settings.sloP99Milliseconds), Chart.Point(highest, settings.sloP99Milliseconds),
                ],
                color: .gray))
        return Chart(
            fileName: "capacity", title: "Client p99 against offered rate, per model",
            subtitle: [
                "each point a \(Format.decimal(settings.stepSeconds, places: 0)) s open-loop step of the workload's orders; "
                    + "a step is sustained with p99 under the SLO, nothing lost, the backlog cleared; "
                    + "p99 above \(Format.milliseconds(ceiling)) drawn at \(Format.milliseconds(ceiling))",
                report.machine.oneLine,
            ],
            xLabel: "offered orders per second", yLabel: "client p99 (ms)", content: .series(series))
    }

    private func cdf() -> Chart {
        var series: [Chart.Series] = []
        for model in report.models {
            guard let summary = model.fault(.baseline)?.segment?.outcome.clientLatency, summary.count > 0 else {
                continue
            }
            let points: [(Double, Double)] = [
                (summary.minMilliseconds, 0), (summary.p50Milliseconds, 0.5), (summary.p90Milliseconds, 0.9),
                (summary.p95Milliseconds, 0.95), (summary.p99Milliseconds, 0.99), (summary.p999Milliseconds, 0.999),
                (summary.maxMilliseconds, 1),
            ]
            series.append(
                Chart.Series(
                    name: model.model, points: points.map { Chart.Point($0.0, $0.1) }, color: Self.color(of: model)))
        }
        return Chart(
            fileName: "latency-cdf-baseline", title: "Client latency at baseline, per model",
            subtitle: ["share of requests answered within x ms (min, p50, p90, p95, p99, p99.9, max)"],
            xLabel: "client latency (ms, from the intended send)", yLabel: "share of requests", content: .series(series)
        )
    }

    private func outcomeBars(_ name: String, _ title: String, _ value: (FaultOutcome) -> Double) -> Chart {
        var bars: [Chart.Bar] = []
        for window in report.workload.effective.faults {
            for model in report.models {
                guard let outcome = model.fault(window.kind)?.segment?.outcome else { continue }
                let letter = model.model.prefix(1)
                bars.append(
                    Chart.Bar(
                        "\(Self.shortNames[window.kind] ?? window.kind.rawValue) \(letter)", value(outcome),
                        color: Self.color(of: model)))
            }
        }
        return Chart(
            fileName: "outcomes-\(name)", title: "Orders \(title), per fault and model",
            subtitle: [
                report.models.map(\.model).joined(separator: " · ") + " — faults that do not apply are left out"
            ],
            xLabel: "", yLabel: "orders", content: .bars(bars), showsEveryValue: true)
    }
}
