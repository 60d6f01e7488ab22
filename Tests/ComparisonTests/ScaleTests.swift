import Foundation
import LabKit
import OrderDomain
import Testing

@testable import Comparison

/// `commlab scale`'s settings refuse what cannot run, with the reason; its figures come from completion
/// times alone; its report says n/a with the reason for a model that cannot scale.
@Suite struct ScaleTests {
    @Test func theDefaultsRun() {
        #expect(ScaleSettings.full.problem == nil)
        #expect(ScaleSettings.quick.problem == nil)
    }

    @Test func badInstanceCountsAreRefusedWithTheReason() {
        var settings = ScaleSettings.quick
        settings.instances = [0, 1]
        #expect(settings.problem?.contains("at least one") == true)
        settings.instances = [1, ScaleSettings.instanceCeiling + 1]
        #expect(settings.problem?.contains("at most \(ScaleSettings.instanceCeiling)") == true)
        settings.instances = [2, 1]
        #expect(settings.problem?.contains("ascend") == true)
        settings.instances = []
        #expect(settings.problem != nil)
    }

    @Test func aRunLongerThanItsLimitIsRefused() {
        var settings = ScaleSettings.full
        settings.rate = 300
        settings.seconds = 10
        settings.costMilliseconds = 100
        // 3,000 orders at 10/s for one instance: 300 s, over 120.
        let problem = settings.problem
        #expect(problem?.contains("300 s") == true, "\(problem ?? "nil")")
        settings.limitSeconds = 400
        #expect(settings.problem == nil)
    }

    @Test func completionsPerSecondRunFromTheStartToTheLastCompletion() {
        let start = Timestamp(microsecondsSinceEpoch: 1_000_000)
        let completions = (1...10).map {
            SentNotification(orderID: "o\($0)", sentMicroseconds: 1_000_000 + Int64($0) * 200_000)
        }
        // 10 orders, the last 2 s after the start.
        #expect(ScaleRunner.rate(of: completions, from: start) == 5)
        #expect(ScaleRunner.rate(of: completions + completions, from: start) == 5, "an order counts once")
        #expect(ScaleRunner.rate(of: [], from: start) == 0)
    }

    @Test func aPauseIsTheLongestStretchWithoutCompletionUntilTheNextChange() {
        let times = [1.0, 1.1, 1.2, 4.2, 4.3, 9.0, 9.1]
        // Joined at 1.15: the stretch 1.2 → 4.2 is the pause; the kill at 5 ends the join's window.
        #expect(abs(ScaleRunner.longestGap(in: times, after: 1.15, until: 5) - 3.0) < 1e-9)
        // Killed at 5: 4.3 was before; from 5 to 9.0 nothing completed.
        #expect(abs(ScaleRunner.longestGap(in: times, after: 5, until: nil) - 4.0) < 1e-9)
        // After the last completion the backlog is gone: no pause to count.
        #expect(ScaleRunner.longestGap(in: times, after: 9.1, until: nil) == 0)
    }

    @Test func aModelThatCannotScaleIsReportedNotApplicableWithItsReason() {
        let report = ScaleReport(
            date: "2026-12-03T00:00:00Z", machine: .current(), command: "commlab scale", settings: .quick,
            meantToFailShare: 0.05,
            models: [
                ScaleModelResult(model: "A: sync REST", part: "sync-rest", notApplicable: "no consumer to add")
            ])
        let markdown = ScaleMarkdown(report: report).render()
        #expect(markdown.contains("## A: sync REST"))
        #expect(markdown.contains("n/a: no consumer to add"))
        #expect(report.passed)
    }
}
