import Faults
import Foundation
import OrderWorkload
import Testing

@testable import Comparison

/// The replicated deployment in the comparison: which windows it runs, a model that cannot run it reported
/// n/a with its reason, and a node loss's failover read from completions alone.
@Suite struct DeploymentTests {
    static let text =
        WorkloadFileTests.valid + """

            replicated_faults: [baseline]
            """

    @Test func theReplicatedDeploymentRunsOnlyItsWindows() throws {
        let workload = try WorkloadFile.parse(Self.text, file: "w.yaml")
        #expect(workload.schedule(for: .single).faults.map(\.kind) == [.baseline, .inventorySlow])
        #expect(workload.schedule(for: .replicated).faults.map(\.kind) == [.baseline])
    }

    @Test func aReplicatedWindowNotInTheScheduleIsRefused() throws {
        let text = Self.text.replacingOccurrences(of: "[baseline]", with: "[baseline, broker_node_lost]")
        do {
            _ = try WorkloadFile.parse(text, file: "w.yaml")
            Issue.record("accepted a replicated window the schedule does not have")
        } catch let error as WorkloadFileError {
            #expect(error.field == "replicated_faults[1]", "\(error)")
            #expect(error.problem.contains("broker_node_lost"))
        }
    }

    @Test func aModelThatCannotRunTheDeploymentIsNotApplicableWithItsReason() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let data = try Data(contentsOf: root.appendingPathComponent("COMPARISON.json"))
        var report = try JSONDecoder().decode(ComparisonReport.self, from: data)
        report.models.append(
            ModelResult(
                model: "Z: a model of this test · replicated", part: "sync-rest", deployment: .replicated,
                notApplicable: "a reason only this test gives", startupSeconds: 0, processes: [], peakRSSMiB: 0,
                cpuSecondsPer1000Orders: nil, faults: []))
        #expect(report.models.last?.passed == true, "n/a is not a failure")
        let table = ComparisonMarkdown(report: report).tradeOffsTable()
        let header = try #require(table.split(separator: "\n").first)
        #expect(!header.contains("Z: a model of this test"), "no column of n/a cells")
        #expect(table.contains("**Z: a model of this test · replicated**: a reason only this test gives."))
    }

    private func timeline(_ completed: [Int]) -> [FaultOutcome.SecondBucket] {
        completed.enumerated().map { second, count in
            var bucket = FaultOutcome.SecondBucket(second: second)
            bucket.completed = count
            return bucket
        }
    }

    @Test func failoverRunsFromTheWindowsStartUntilCompletionsAreBack() {
        // 40/s offered, 80 % is 32: the window starts at 2 s, completions stop for three seconds.
        let stalled = timeline([40, 40, 40, 10, 0, 0, 38, 40, 40, 40, 40, 40])
        #expect(
            OutcomeCounter.failoverSeconds(timeline: stalled, windowStart: 2, streamSeconds: 12, threshold: 32) == 4)
        let steady = timeline(Array(repeating: 40, count: 11) + [12])
        #expect(
            OutcomeCounter.failoverSeconds(timeline: steady, windowStart: 2, streamSeconds: 12, threshold: 32) == 0,
            "the stream's last, partial second is not a stall")
        let never = timeline([40, 40, 40, 0, 0, 0, 0, 0, 0, 0, 0, 0])
        #expect(
            OutcomeCounter.failoverSeconds(timeline: never, windowStart: 2, streamSeconds: 12, threshold: 32) == nil)
    }
}
