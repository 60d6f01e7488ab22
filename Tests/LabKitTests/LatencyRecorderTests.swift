import LabKit
import Testing

@Suite struct LatencyRecorderTests {
    @Test func summarisesPercentilesInMilliseconds() {
        var recorder = LatencyRecorder(keepsSamples: true)
        for micros in 1...1_000 { recorder.record(microseconds: Int64(micros * 10)) }
        let summary = recorder.summary
        #expect(summary.count == 1_000)
        #expect(abs(summary.p50Milliseconds - 5) < 0.05)
        #expect(abs(summary.p99Milliseconds - 9.9) < 0.05)
        #expect(abs(summary.maxMilliseconds - 10) < 0.05)
        #expect(recorder.samples.count == 1_000)
    }

    @Test func mergesRecorders() {
        var first = LatencyRecorder()
        var second = LatencyRecorder()
        first.record(.milliseconds(1))
        second.record(.milliseconds(3))
        first.merge(second)
        #expect(first.count == 2)
        #expect(first.summary.maxMilliseconds >= 2.99)
    }

    @Test func distributionCountsEverySample() {
        var recorder = LatencyRecorder()
        for value in [1, 2, 3, 50] { recorder.record(.milliseconds(value)) }
        let buckets = recorder.distribution(bucketWidthMilliseconds: 1, limitMilliseconds: 10)
        #expect(buckets.map(\.count).reduce(0, +) == 4)
        #expect(buckets.last?.count == 1)
    }

    @Test func emptyRecorderHasEmptySummary() {
        #expect(LatencyRecorder().summary == .empty)
    }
}
