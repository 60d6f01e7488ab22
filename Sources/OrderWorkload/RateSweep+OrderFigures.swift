import LabKit

extension RateSweep {
    /// The sweep's two headline figures, the same for every model: client p99
    /// at the lightest rate, and the highest rate answered in full.
    public static func figures(_ points: [Point]) -> [BenchmarkFigure] {
        var figures: [BenchmarkFigure] = []
        if let light = points.first {
            figures.append(
                BenchmarkFigure(
                    name: "POST /order p99 at \(Format.decimal(light.offeredPerSecond, places: 0))/s",
                    value: light.p99Milliseconds, unit: "ms"))
        }
        if let top = points.max(by: { $0.answeredPerSecond < $1.answeredPerSecond }) {
            figures.append(
                BenchmarkFigure(
                    name: "POST /order answered, highest rate kept", value: top.answeredPerSecond, unit: "orders/s"))
        }
        return figures
    }
}
