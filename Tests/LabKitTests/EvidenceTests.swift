import Foundation
@testable import LabKit
import Testing

@Suite struct EvidenceTests {
    func result() -> ScenarioResult {
        var result = ScenarioResult(name: "demo", title: "a demo")
        result.check("works", true, "it did")
        result.figure("rate", 12, unit: "/s")
        result.charts.append(
            Chart(
                fileName: "demo-chart", title: "Demo <chart>", xLabel: "x", yLabel: "y", content: .bars([.init("a", 1)])
            ))
        return result
    }

    @Test func resultFailsWithoutChecksOrWithOneFailing() {
        #expect(!ScenarioResult(name: "n", title: "t").passed)
        var failing = result()
        failing.check("broken", false, "no")
        #expect(!failing.passed)
        #expect(result().passed)
    }

    @Test func writesJSONChartsReportAndReadmeSection() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("evidence-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: "\(root)/part", withIntermediateDirectories: true)
        let readme = "# Part\n\(EvidenceWriter.startMarker)\nold\n\(EvidenceWriter.endMarker)\ntail\n"
        try readme.write(toFile: "\(root)/part/README.md", atomically: true, encoding: .utf8)

        let writer = EvidenceWriter(root: root, part: "part")
        _ = try await writer.write(result())
        try writer.writeReport([result()], machine: .current(), command: "commlab test")

        let json = try JSONDecoder().decode(
            ScenarioResult.self, from: Data(contentsOf: URL(fileURLWithPath: "\(root)/part/results/demo.json")))
        #expect(json.checks.count == 1)
        let svg = try String(contentsOfFile: "\(root)/screenshots/part/demo-chart.svg", encoding: .utf8)
        #expect(svg.hasPrefix("<svg") && svg.contains("Demo &lt;chart&gt;"))
        let updated = try String(contentsOfFile: "\(root)/part/README.md", encoding: .utf8)
        #expect(!updated.contains("old"))
        #expect(updated.contains("| demo | PASS |"))
        #expect(updated.hasSuffix("\(EvidenceWriter.endMarker)\ntail\n"))
    }

    @Test func partialRunLeavesTheFullReportAndReadmeAlone() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("evidence-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: "\(root)/part", withIntermediateDirectories: true)
        let readme = "\(EvidenceWriter.startMarker)\nfull run\n\(EvidenceWriter.endMarker)\n"
        try readme.write(toFile: "\(root)/part/README.md", atomically: true, encoding: .utf8)
        let writer = EvidenceWriter(root: root, part: "part")
        let path = try writer.writeReport(
            [result()], machine: .current(), command: "commlab test --only demo", partial: true)
        #expect(path.hasSuffix("/partial.md"))
        #expect(!FileManager.default.fileExists(atPath: "\(root)/part/results/latest.md"))
        #expect(try String(contentsOfFile: "\(root)/part/README.md", encoding: .utf8) == readme)
    }

    /// Another deployment's suite writes its own report and its own README section, never the main ones.
    @Test func aReplicatedRunWritesItsOwnReportAndSection() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("evidence-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: "\(root)/part", withIntermediateDirectories: true)
        let readme =
            "\(EvidenceWriter.startMarker)\nfull run\n\(EvidenceWriter.endMarker)\n"
            + "<!-- commlab:results:replicated:start -->\nnot yet\n<!-- commlab:results:replicated:end -->\n"
        try readme.write(toFile: "\(root)/part/README.md", atomically: true, encoding: .utf8)
        let writer = EvidenceWriter(root: root, part: "part", report: "replicated")
        let path = try writer.writeReport(
            [result()], machine: .current(), command: "commlab test --deployment replicated")
        #expect(path.hasSuffix("/replicated.md"))
        #expect(!FileManager.default.fileExists(atPath: "\(root)/part/results/latest.md"))
        let updated = try String(contentsOfFile: "\(root)/part/README.md", encoding: .utf8)
        #expect(updated.contains("full run"), "the main section untouched")
        #expect(!updated.contains("not yet") && updated.contains("| demo | PASS |"))
        #expect(updated.contains("[results/replicated.md](results/replicated.md)"))
    }
}
