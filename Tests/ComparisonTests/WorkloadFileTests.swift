import Faults
import Foundation
import Testing

@testable import Comparison

/// The workload file: the committed default loads, and a bad file is refused
/// with the line and the field.
@Suite struct WorkloadFileTests {
    static let valid = """
        rate: 20
        seed: 7
        client_timeout_ms: 5000
        downstream_timeout_ms: 1000
        drain_limit_s: 10
        phases: { before: 1, window: 2, after: 2 }
        mix:
          - { item: pizza, weight: 1, quantity: [1, 2] }
        meant_to_fail: { share: 0.1, item: truffle }
        faults:
          - { kind: baseline }
          - { kind: inventory_slow, delay_ms: 100 }
        """

    @Test func theCommittedDefaultLoads() async throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let file = try await WorkloadFile.load(root.appendingPathComponent("compare/workload.yaml").path)
        #expect(file.workload.faults.map(\.kind) == FaultKind.allCases)
        #expect(file.sha256.count == 64)
        #expect(file.workload.quickened.phases.total < file.workload.phases.total)
    }

    /// A parameter the catalogue names but the file's window does not carry would be refused as missing.
    @Test func everyParameterOfEveryKindIsReadFromTheFile() throws {
        for kind in FaultKind.allCases where !kind.parameters.isEmpty {
            let values = kind.parameters.map {
                "\($0.key): \($0.demoValue == $0.demoValue.rounded() ? String(Int($0.demoValue)) : String($0.demoValue))"
            }.joined(separator: ", ")
            let text = Self.valid.replacingOccurrences(
                of: "{ kind: inventory_slow, delay_ms: 100 }", with: "{ kind: \(kind.rawValue), \(values) }")
            let window = try WorkloadFile.parse(text, file: "w.yaml").faults[1]
            for parameter in kind.parameters {
                #expect(window.values[parameter.key] == parameter.demoValue, "\(kind) \(parameter.key)")
            }
        }
    }

    @Test func aValidFileParses() throws {
        let workload = try WorkloadFile.parse(Self.valid, file: "w.yaml")
        #expect(workload.rate == 20)
        #expect(workload.faults[1].delayMilliseconds == 100)
    }

    func error(_ text: String) -> WorkloadFileError? {
        do {
            _ = try WorkloadFile.parse(text, file: "w.yaml")
            return nil
        } catch let error as WorkloadFileError {
            return error
        } catch {
            Issue.record("unexpected error \(error)")
            return nil
        }
    }

    @Test func aMissingFieldNamesItsParent() throws {
        let text = Self.valid.replacingOccurrences(of: "seed: 7\n", with: "")
        let failure = try #require(error(text))
        #expect(failure.field == "seed")
        #expect(failure.description.contains("missing field 'seed'"))
    }

    @Test func aBadValueNamesItsLineAndField() throws {
        let text = Self.valid.replacingOccurrences(of: "delay_ms: 100", with: "delay_ms: 0")
        let failure = try #require(error(text))
        #expect(failure.field == "faults[1].delay_ms")
        #expect(failure.line == 12)
        #expect(failure.description.hasPrefix("w.yaml:12: faults[1].delay_ms:"))
    }

    @Test func aWrongTypeNamesItsLine() throws {
        let text = Self.valid.replacingOccurrences(of: "rate: 20", with: "rate: fast")
        let failure = try #require(error(text))
        #expect(failure.field == "rate")
        #expect(failure.line == 1)
    }

    @Test func anUnknownFaultKindIsRefused() throws {
        let text = Self.valid.replacingOccurrences(of: "kind: baseline", with: "kind: meteor")
        let failure = try #require(error(text))
        #expect(failure.field == "faults[0].kind")
        #expect(failure.line == 11)
    }

    @Test func aMisspeltKeyIsRefusedNotIgnored() throws {
        let text = Self.valid.replacingOccurrences(of: "drain_limit_s: 10", with: "drain_limit_s: 10\ndrian: 3")
        let failure = try #require(error(text))
        #expect(failure.field == "drian")
        #expect(failure.line == 6)
        #expect(failure.problem.contains("unknown field"))
    }

    @Test func brokenYAMLIsRefusedWithItsLine() throws {
        let failure = try #require(error("rate: 20\nmix: [\n"))
        #expect(failure.problem.hasPrefix("not YAML"))
        #expect(failure.line != nil)
    }

    @Test func theOrderStreamIsTheSameForEveryRun() throws {
        let workload = try WorkloadFile.parse(Self.valid, file: "w.yaml")
        let first = (0..<200).map { OrderStream(workload: workload).order(segment: 3, index: $0) }
        let second = (0..<200).map { OrderStream(workload: workload).order(segment: 3, index: $0) }
        #expect(first == second)
        let failing = first.filter(\.meantToFail).count
        #expect(failing > 5 && failing < 40, "about 10% meant to fail, got \(failing) of 200")
        #expect(first.allSatisfy { $0.meantToFail ? $0.item == "truffle" : (1...2).contains($0.quantity) })
    }
}

/// The capacity section: read, checked, and its search's arithmetic.
@Suite struct CapacitySettingsTests {
    static let withCapacity =
        WorkloadFileTests.valid + """

            capacity: { slo_p99_ms: 40, backlog_clear_s: 1, start_rate: 100, max_rate: 800, step_s: 3, refinements: 1 }
            quick:
              capacity: { slo_p99_ms: 40, backlog_clear_s: 1, start_rate: 200, max_rate: 400, step_s: 1, refinements: 0 }
            """

    @Test func theSectionIsReadAndQuickReplacesIt() throws {
        let workload = try WorkloadFile.parse(Self.withCapacity, file: "w.yaml")
        #expect(workload.capacity?.sloP99Milliseconds == 40)
        #expect(workload.capacity?.doublingRates == [100, 200, 400, 800])
        #expect(workload.quickened.capacity?.doublingRates == [200, 400])
    }

    @Test func withoutTheSectionNoSearchRuns() throws {
        #expect(try WorkloadFile.parse(WorkloadFileTests.valid, file: "w.yaml").capacity == nil)
    }

    @Test func theStockBoundCoversEveryStepASearchCanRun() {
        let settings = CapacitySettings(startRate: 100, maximumRate: 400, stepSeconds: 2, refinements: 2)
        // 100 + 200 + 400 for 2 s each, and two refinements below 400/s.
        #expect(settings.ordersUpperBound == 1_400 + 1_600)
    }

    @Test(arguments: [
        (
            "slo_p99_ms: 40, backlog_clear_s: 1, start_rate: 100", "slo_p99_ms: 0, backlog_clear_s: 1, start_rate: 100",
            "capacity.slo_p99_ms"
        ),
        ("start_rate: 100,", "start_rate: 1000,", "capacity.start_rate"),
        ("max_rate: 800,", "max_rate: 50000,", "capacity.max_rate"),
        ("step_s: 3,", "step_s: 0,", "capacity.step_s"),
        ("refinements: 1 }", "refinements: 9 }", "capacity.refinements"),
        ("max_rate: 800,", "max_rate: 800, burst: 2,", "capacity.burst"),
    ])
    func aBadCapacityIsRefusedWithItsField(good: String, bad: String, field: String) throws {
        let text = Self.withCapacity.replacingOccurrences(of: good, with: bad)
        #expect(text != Self.withCapacity)
        do {
            _ = try WorkloadFile.parse(text, file: "w.yaml")
            Issue.record("\(bad) was accepted")
        } catch let error as WorkloadFileError {
            #expect(error.field == field, "\(error)")
        }
    }
}
