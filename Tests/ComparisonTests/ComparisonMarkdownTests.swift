import Foundation
import Testing

@testable import Comparison

/// The report is written from the run's JSON alone: every model, every reason a fault did not apply and
/// every failed check of the committed COMPARISON.json must appear in what is rendered from it.
@Suite struct ComparisonMarkdownTests {
    let report: ComparisonReport

    init() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let data = try Data(contentsOf: root.appendingPathComponent("COMPARISON.json"))
        report = try JSONDecoder().decode(ComparisonReport.self, from: data)
    }

    @Test func everyModelAndEveryNotApplicableReasonIsInTheReport() throws {
        try #require(!report.models.isEmpty)
        let markdown = ComparisonMarkdown(report: report).render()
        for model in report.models {
            #expect(markdown.contains(model.model))
            for fault in model.faults {
                if let reason = fault.notApplicable { #expect(markdown.contains(reason), "\(model.model): \(reason)") }
                for check in fault.checks where !check.passed {
                    #expect(markdown.contains(check.name), "\(model.model): failed check \(check.name) not shown")
                }
            }
        }
        #expect(markdown.contains(report.workload.sha256.prefix(16)))
    }

    /// COMPARISON.json's keys are snake_case like every other JSON the lab writes; the maps keyed by a
    /// refusal or a reason (free text) and a window's parameters are the only keys that are not field names.
    @Test func everyFieldNameIsSnakeCase() throws {
        let encoded = try JSONEncoder().encode(report)
        let tree = try JSONSerialization.jsonObject(with: encoded)
        var camel: Set<String> = []
        func walk(_ node: Any, under key: String?) {
            if let object = node as? [String: Any] {
                for (name, value) in object {
                    if !["refused", "unanswered_reasons"].contains(key ?? ""),
                        name.range(of: "^[a-z0-9_]+$", options: .regularExpression) == nil
                    {
                        camel.insert(name)
                    }
                    walk(value, under: name)
                }
            } else if let array = node as? [Any] {
                for element in array { walk(element, under: key) }
            }
        }
        walk(tree, under: nil)
        #expect(camel.isEmpty, "\(camel.sorted())")
    }

    @Test func theReadmeTableHasAColumnPerModelAndARowPerLine() throws {
        let section = ComparisonMarkdown(report: report).renderReadmeSection()
        let rows = section.split(separator: "\n").filter { $0.hasPrefix("|") }
        try #require(rows.count > 2)
        let columns = rows[0].split(separator: "|", omittingEmptySubsequences: false).count
        let ran = report.models.filter { $0.notApplicable == nil }.count
        #expect(columns == ran + 3, "a label column and one per model that ran, between outer bars")
        for row in rows {
            #expect(row.split(separator: "|", omittingEmptySubsequences: false).count == columns, "\(row)")
        }
        for model in report.models {
            if let reason = model.notApplicable {
                #expect(!rows[0].contains(model.model), "no column of n/a cells")
                #expect(section.contains("**\(model.model)**: \(reason)"))
                continue
            }
            #expect(rows[0].contains(model.model))
            // What replay means for a model comes from its lab, not from its name.
            #expect(model.replay.map { section.contains($0) } == true, "\(model.model): replay not recorded")
        }
    }
}
