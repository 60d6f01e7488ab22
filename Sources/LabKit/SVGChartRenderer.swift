import Foundation

/// Draws a ``Chart`` as a self-contained SVG document (no fonts or scripts
/// fetched), readable in a browser and convertible with `rsvg-convert`.
public struct SVGChartRenderer: Sendable {
    public var width: Double = 900
    public var height: Double = 520

    public init() {}

    public func render(_ chart: Chart) -> String {
        let top = 70 + Double(chart.subtitle.count) * 16
        let plot = (left: 80.0, top: top, right: width - 30, bottom: height - 70)
        var svg = """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" \
            viewBox="0 0 \(Int(width)) \(Int(height))" font-family="DejaVu Sans, Helvetica, Arial, sans-serif">
            <rect width="100%" height="100%" fill="white"/>
            <text x="\(width / 2)" y="30" font-size="18" text-anchor="middle" font-weight="bold">\(escape(chart.title))</text>

            """
        for (index, line) in chart.subtitle.enumerated() {
            svg += text(width / 2, 52 + Double(index) * 16, line, size: 12, anchor: "middle", fill: "#444")
        }
        let maxY: Double
        switch chart.content {
        case .bars(let bars): maxY = niceCeiling(bars.map(\.value).max() ?? 1)
        case .series(let series): maxY = niceCeiling(series.flatMap { $0.points.map(\.y) }.max() ?? 1)
        }
        svg += axes(plot: plot, maxY: maxY, chart: chart)
        switch chart.content {
        case .bars(let bars): svg += drawBars(bars, plot: plot, maxY: maxY, everyValue: chart.showsEveryValue)
        case .series(let series): svg += drawSeries(series, plot: plot, maxY: maxY, shaded: chart.shaded)
        }
        svg += "</svg>\n"
        return svg
    }

    /// Several charts one above the other in one document, each at this renderer's size.
    public func renderStacked(_ charts: [Chart]) -> String {
        let total = height * Double(charts.count)
        var svg = """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(total))" \
            viewBox="0 0 \(Int(width)) \(Int(total))">

            """
        for (index, chart) in charts.enumerated() {
            let one = render(chart)
            svg += one.replacingOccurrences(of: "<svg ", with: "<svg y=\"\(Int(height) * index)\" ", options: .anchored)
        }
        return svg + "</svg>\n"
    }

    private typealias Plot = (left: Double, top: Double, right: Double, bottom: Double)

    private func axes(plot: Plot, maxY: Double, chart: Chart) -> String {
        var svg = ""
        for step in 0...5 {
            let value = maxY * Double(step) / 5
            let y = plot.bottom - (plot.bottom - plot.top) * Double(step) / 5
            svg += "<line x1=\"\(plot.left)\" y1=\"\(y)\" x2=\"\(plot.right)\" y2=\"\(y)\" stroke=\"#e4e4e4\"/>\n"
            svg += text(plot.left - 8, y + 4, label(value), size: 11, anchor: "end")
        }
        svg +=
            "<line x1=\"\(plot.left)\" y1=\"\(plot.bottom)\" x2=\"\(plot.right)\" y2=\"\(plot.bottom)\" stroke=\"#333\"/>\n"
        svg +=
            "<line x1=\"\(plot.left)\" y1=\"\(plot.top)\" x2=\"\(plot.left)\" y2=\"\(plot.bottom)\" stroke=\"#333\"/>\n"
        svg += text((plot.left + plot.right) / 2, height - 18, chart.xLabel, size: 13, anchor: "middle")
        let midY = (plot.top + plot.bottom) / 2
        svg +=
            "<text x=\"20\" y=\"\(midY)\" font-size=\"13\" text-anchor=\"middle\" transform=\"rotate(-90 20 \(midY))\">"
            + "\(escape(chart.yLabel))</text>\n"
        return svg
    }

    private func drawBars(_ bars: [Chart.Bar], plot: Plot, maxY: Double, everyValue: Bool) -> String {
        guard !bars.isEmpty else { return "" }
        var svg = ""
        let slot = (plot.right - plot.left) / Double(bars.count)
        let barWidth = min(80, slot * 0.7)
        let labelEvery = max(1, Int((Double(bars.count) / 10).rounded(.up)))
        for (index, bar) in bars.enumerated() {
            let x = plot.left + slot * Double(index) + (slot - barWidth) / 2
            let barHeight = (plot.bottom - plot.top) * bar.value / maxY
            svg +=
                "<rect x=\"\(x)\" y=\"\(plot.bottom - barHeight)\" width=\"\(barWidth)\" height=\"\(barHeight)\" "
                + "fill=\"\(bar.color.hex)\"/>\n"
            if bars.count <= 12 || everyValue {
                svg += text(
                    x + barWidth / 2, plot.bottom - barHeight - 6, label(bar.value), size: bars.count > 12 ? 9 : 11,
                    anchor: "middle")
            }
            if everyValue, bars.count > 12 {
                let labelX = x + barWidth / 2
                svg +=
                    "<text x=\"\(format(labelX))\" y=\"\(format(plot.bottom + 12))\" font-size=\"9\" text-anchor=\"end\" "
                    + "transform=\"rotate(-45 \(format(labelX)) \(format(plot.bottom + 12)))\">\(escape(bar.label))</text>\n"
            } else if index % labelEvery == 0 {
                svg += text(x + barWidth / 2, plot.bottom + 16, bar.label, size: 11, anchor: "middle")
            }
        }
        return svg
    }

    private func drawSeries(_ series: [Chart.Series], plot: Plot, maxY: Double, shaded: [ClosedRange<Double>])
        -> String
    {
        let xs = series.flatMap { $0.points.map(\.x) }
        let minX = xs.min() ?? 0
        let maxX = max((xs.max() ?? 1), minX + 1e-9)
        func px(_ x: Double) -> Double { plot.left + (plot.right - plot.left) * (x - minX) / (maxX - minX) }
        func py(_ y: Double) -> Double { plot.bottom - (plot.bottom - plot.top) * y / maxY }
        var svg = ""
        for range in shaded {
            let left = px(max(minX, range.lowerBound))
            let right = px(min(maxX, range.upperBound))
            svg +=
                "<rect x=\"\(format(left))\" y=\"\(format(plot.top))\" width=\"\(format(max(0, right - left)))\" "
                + "height=\"\(format(plot.bottom - plot.top))\" fill=\"#f3d9d9\" fill-opacity=\"0.7\"/>\n"
        }
        for step in 0...5 {
            var value = minX + (maxX - minX) * Double(step) / 5
            if maxX - minX >= 10 { value = value.rounded() }
            svg += text(px(value), plot.bottom + 16, label(value), size: 11, anchor: "middle")
        }
        for (index, line) in series.enumerated() {
            if line.dotsOnly {
                for point in line.points {
                    svg +=
                        "<circle cx=\"\(px(point.x))\" cy=\"\(py(point.y))\" r=\"2.2\" fill=\"\(line.color.hex)\"/>\n"
                }
            } else if !line.points.isEmpty {
                let path = line.points.map { "\(format(px($0.x))),\(format(py($0.y)))" }.joined(separator: " ")
                svg += "<polyline points=\"\(path)\" fill=\"none\" stroke=\"\(line.color.hex)\" stroke-width=\"2\"/>\n"
            }
            let legendY = plot.top + 4 + Double(index) * 18
            svg +=
                "<rect x=\"\(plot.right - 220)\" y=\"\(legendY - 9)\" width=\"12\" height=\"12\" fill=\"\(line.color.hex)\"/>\n"
            svg += text(plot.right - 202, legendY + 2, line.name, size: 12, anchor: "start")
        }
        return svg
    }

    private func text(_ x: Double, _ y: Double, _ content: String, size: Int, anchor: String, fill: String = "#222")
        -> String
    {
        "<text x=\"\(format(x))\" y=\"\(format(y))\" font-size=\"\(size)\" text-anchor=\"\(anchor)\" fill=\"\(fill)\">"
            + "\(escape(content))</text>\n"
    }

    private func format(_ value: Double) -> String { String(format: "%.1f", value) }

    private func label(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e9 { return Format.count(Int(value)) }
        return abs(value) < 10 ? String(format: "%.2f", value) : String(format: "%.1f", value)
    }

    /// The next round number at or above `value`, so the y axis ends on a tick.
    private func niceCeiling(_ value: Double) -> Double {
        guard value > 0 else { return 1 }
        let magnitude = pow(10, floor(log10(value)))
        for factor in [1.0, 2, 2.5, 5, 10] where factor * magnitude >= value {
            return factor * magnitude
        }
        return 10 * magnitude
    }

    private func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }
}
