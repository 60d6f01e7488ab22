import LabKit

/// One chart per model that scaled: completions per second against the
/// number of inventory instances, beside the ideal (each instance doing what
/// one did, up to the busy limit and the offered rate) and the offered rate;
/// and the membership change's completions over time.
struct ScaleCharts {
    let report: ScaleReport

    /// File name (without folder) → SVG document.
    func render() -> [String: String] {
        var files: [String: String] = [:]
        let renderer = SVGChartRenderer()
        for model in report.models where !model.points.isEmpty {
            files["scale-\(model.part).svg"] = renderer.render(throughput(model))
            if let membership = model.membership {
                files["membership-\(model.part).svg"] = renderer.render(timeline(model, membership))
            }
        }
        return files
    }

    private func throughput(_ model: ScaleModelResult) -> Chart {
        let measured = model.points.map { Chart.Point(Double($0.instances), $0.completionsPerSecond) }
        let ideal = model.points.compactMap { point in
            point.idealPerSecond.map { Chart.Point(Double(point.instances), $0) }
        }
        let offered = model.points.map { Chart.Point(Double($0.instances), $0.offeredRate) }
        return Chart(
            fileName: "scale-\(model.part)", title: "\(model.model): completions per second against instances",
            measured:
                "commlab scale, \(report.date): \(report.settings.costMilliseconds) ms per message, "
                + "\(Format.figure(report.settings.rate)) orders/s offered for \(Format.figure(report.settings.seconds)) s per point",
            xLabel: "inventory instances", yLabel: "completions / s",
            content: .series([
                .init(name: "measured", points: measured, color: .blue),
                .init(name: "ideal (N × one instance's, up to the busy limit)", points: ideal, color: .gray),
                .init(name: "offered", points: offered, color: .orange),
            ]))
    }

    private func timeline(_ model: ScaleModelResult, _ membership: MembershipChange) -> Chart {
        let points = membership.completionsPerHalfSecond.enumerated().map {
            Chart.Point(Double($0.offset) / 2, Double($0.element) * 2)
        }
        let marks = membership.events.map { $0.seconds...($0.seconds + 0.25) }
        return Chart(
            fileName: "membership-\(model.part)",
            title:
                "\(model.model): a member joins, one is killed (\(membership.events.map(\.what).joined(separator: "; ")))",
            measured: "commlab scale, \(report.date): completions per second in half-second bins; shaded: the changes",
            xLabel: "seconds from the stream's start", yLabel: "completions / s",
            content: .series([.init(name: "completions / s", points: points, color: .green)]), shaded: marks)
    }
}
