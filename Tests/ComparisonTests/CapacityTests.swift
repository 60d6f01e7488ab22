import Foundation
import LabKit
import Testing

@testable import Comparison

/// The capacity search: which rates it runs, how a step is judged from its per-order count, and what the
/// report says of it.
@Suite struct CapacityTests {
    let settings = CapacitySettings(
        sloP99Milliseconds: 50, startRate: 100, maximumRate: 1_600, stepSeconds: 2, refinements: 2,
        backlogClearSeconds: 1)

    @Test func theSearchDoublesWhileSustainedThenHalvesTheGap() {
        #expect(settings.nextRate(after: []) == 100)
        #expect(settings.nextRate(after: [(100, true), (200, true)]) == 400)
        // 400 not sustained: between 200 and 400, then between 300 and 400 if 300 held.
        #expect(settings.nextRate(after: [(100, true), (200, true), (400, false)]) == 300)
        #expect(settings.nextRate(after: [(100, true), (200, true), (400, false), (300, true)]) == 350)
        #expect(settings.nextRate(after: [(100, true), (200, true), (400, false), (300, false)]) == 250)
        // Two refinements are all it runs.
        #expect(settings.nextRate(after: [(100, true), (200, true), (400, false), (300, true), (350, false)]) == nil)
    }

    @Test func aModelThatSustainsTheMaximumEndsTheSearch() {
        let all = settings.doublingRates.map { (rate: $0, sustained: true) }
        #expect(all.map(\.rate) == [100, 200, 400, 800, 1_600])
        #expect(settings.nextRate(after: all) == nil)
    }

    @Test func aFirstStepNotSustainedIsRefinedTowardZero() {
        #expect(settings.nextRate(after: [(100, false)]) == 50)
    }

    private func outcome(
        offered: Int = 200, completed: Int = 190, meant: Int = 10, lost: Int = 0, p99: Double = 20,
        cleared: Double? = 0.2
    ) -> FaultOutcome {
        var outcome = FaultOutcome()
        outcome.offered = offered
        outcome.accepted = offered
        outcome.completed = completed
        outcome.rejectedAsMeant = meant
        outcome.lost = lost
        var latency = LatencySummary.empty
        latency.p50Milliseconds = p99 / 4
        latency.p99Milliseconds = p99
        outcome.clientLatency = latency
        outcome.backlogClearedSeconds = cleared
        return outcome
    }

    @Test func aStepWithinEveryBoundIsSustained() {
        let step = CapacityStep(offeredPerSecond: 100, outcome: outcome(), settings: settings, cpuSeconds: 0.4)
        #expect(step.sustained, "\(step.shortfalls)")
        #expect(step.decidedPerSecond == 100)
        #expect(step.cpuSecondsPer1000Orders == 2)
    }

    @Test func eachBoundBrokenIsNamed() {
        func shortfalls(_ outcome: FaultOutcome) -> String {
            CapacityStep(offeredPerSecond: 100, outcome: outcome, settings: settings, cpuSeconds: nil)
                .shortfalls.joined(separator: "; ")
        }
        #expect(shortfalls(outcome(p99: 80)).contains("p99 80.0 ms over the 50.0 ms SLO"))
        #expect(shortfalls(outcome(completed: 185, lost: 5)).contains("5 lost"))
        #expect(shortfalls(outcome(completed: 180)).contains("10 refused or unanswered"))
        #expect(shortfalls(outcome(cleared: 3.5)).contains("3.5 s to clear"))
        #expect(shortfalls(outcome(cleared: nil)).contains("not cleared"))
    }

    @Test func theResultNamesTheHighestRateSustainedAndWhatStoppedTheNext() {
        func step(_ rate: Double, _ p99: Double) -> CapacityStep {
            CapacityStep(offeredPerSecond: rate, outcome: outcome(p99: p99), settings: settings, cpuSeconds: nil)
        }
        let result = CapacityResult(
            settings: settings, steps: [step(100, 5), step(200, 9), step(400, 70), step(300, 30)])
        #expect(result.sustained?.offeredPerSecond == 300)
        #expect(result.firstUnsustained?.offeredPerSecond == 400)
        #expect(result.curve.map(\.offeredPerSecond) == [100, 200, 300, 400])
    }

    /// The trade-offs row and the chart come from the steps alone.
    @Test func theReportShowsTheCapacityRowAndChart() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let data = try Data(contentsOf: root.appendingPathComponent("COMPARISON.json"))
        var report = try JSONDecoder().decode(ComparisonReport.self, from: data)
        report.workload.effective.capacity = settings
        let steps = [
            CapacityStep(offeredPerSecond: 100, outcome: outcome(p99: 7), settings: settings, cpuSeconds: 0.5),
            CapacityStep(offeredPerSecond: 200, outcome: outcome(p99: 90), settings: settings, cpuSeconds: 0.9),
        ]
        report.models[0].capacity = CapacityResult(settings: settings, steps: steps)
        report.models[1].capacity = CapacityResult(settings: settings, steps: [], error: "interrupted")
        let table = ComparisonMarkdown(report: report).tradeOffsTable()
        #expect(
            table.contains("100 orders/s (p99 7.00 ms); at 200/s: client p99 90.0 ms over the 50.0 ms SLO"), "\(table)")
        #expect(table.contains("none of the steps; search ended: interrupted"))
        #expect(table.contains("| CPU per 1,000 orders at that rate (busy) | 2.50 s | no rate sustained |"))
        let charts = ComparisonCharts(report: report).render()
        #expect(charts["capacity.svg"]?.contains(report.models[0].model) == true)
        // Written and read back under its own keys.
        let encoded = try JSONEncoder().encode(report)
        let decoded = try JSONDecoder().decode(ComparisonReport.self, from: encoded)
        #expect(decoded.models[0].capacity == report.models[0].capacity)
        #expect(String(decoding: encoded, as: UTF8.self).contains("\"offered_per_s\""))
    }
}
