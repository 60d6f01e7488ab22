import Histogram

/// Records latencies in an HDR histogram (microsecond resolution, three
/// significant digits) and, optionally, in arrival order for time-series charts.
public struct LatencyRecorder: Sendable {
    private var histogram = Histogram<UInt64>(
        lowestDiscernibleValue: 1, highestTrackableValue: 3_600_000_000, numberOfSignificantValueDigits: .three)
    /// Every sample in milliseconds, in the order recorded, when `keepsSamples`.
    public private(set) var samples: [Double] = []
    public let keepsSamples: Bool

    public init(keepsSamples: Bool = false) {
        self.keepsSamples = keepsSamples
    }

    public mutating func record(_ duration: Duration) {
        record(microseconds: duration.microseconds)
    }

    public mutating func record(microseconds: Int64) {
        let value = UInt64(max(1, microseconds))
        _ = histogram.record(value)
        if keepsSamples { samples.append(Double(value) / 1000) }
    }

    /// Adds everything `other` recorded.
    public mutating func merge(_ other: LatencyRecorder) {
        histogram.add(other.histogram)
        if keepsSamples { samples.append(contentsOf: other.samples) }
    }

    public var count: Int { Int(histogram.totalCount) }

    /// Percentiles, mean and extremes, in milliseconds.
    public var summary: LatencySummary {
        guard histogram.totalCount > 0 else { return LatencySummary.empty }
        func ms(_ micros: UInt64) -> Double { Double(micros) / 1000 }
        return LatencySummary(
            count: Int(histogram.totalCount),
            meanMilliseconds: histogram.mean / 1000,
            minMilliseconds: ms(histogram.min),
            p50Milliseconds: ms(histogram.valueAtPercentile(50)),
            p90Milliseconds: ms(histogram.valueAtPercentile(90)),
            p95Milliseconds: ms(histogram.valueAtPercentile(95)),
            p99Milliseconds: ms(histogram.valueAtPercentile(99)),
            p999Milliseconds: ms(histogram.valueAtPercentile(99.9)),
            maxMilliseconds: ms(histogram.max))
    }

    /// Sample counts per latency bucket of `width` milliseconds, for a
    /// distribution chart; the last bucket holds everything above `limit`.
    public func distribution(bucketWidthMilliseconds width: Double, limitMilliseconds limit: Double) -> [(
        upperBoundMilliseconds: Double, count: Int
    )] {
        let bucketCount = max(1, Int((limit / width).rounded(.up)))
        var counts = Array(repeating: 0, count: bucketCount + 1)
        for value in histogram.recordedValues() {
            let milliseconds = Double(histogram.highestEquivalentForValue(value.value)) / 1000
            let index = min(bucketCount, Int(milliseconds / width))
            counts[index] += Int(value.count)
        }
        return counts.enumerated().map { (Double($0.offset + 1) * width, $0.element) }
    }
}

extension Duration {
    /// Whole microseconds, rounded down.
    public var microseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000 + attoseconds / 1_000_000_000_000
    }

    /// Fractional milliseconds, for reports.
    public var milliseconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) * 1000 + Double(attoseconds) / 1e15
    }

    /// Fractional seconds, for reports.
    public var seconds: Double { milliseconds / 1000 }
}
