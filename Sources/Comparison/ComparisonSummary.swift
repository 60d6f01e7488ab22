import LabKit

/// The table printed at the end of a run: one line per model and fault.
public struct ComparisonSummary: Sendable {
    public var report: ComparisonReport

    public init(report: ComparisonReport) {
        self.report = report
    }

    public func render() -> String {
        var rows: [[String]] = []
        for model in report.models {
            if let reason = model.notApplicable {
                rows.append([model.model, "—", "", "", "", "", "", "", "", "n/a: \(reason)"])
                continue
            }
            if let error = model.error {
                rows.append([model.model, "—", "", "", "", "", "", "", "", "not run: \(error)"])
                continue
            }
            for fault in model.faults {
                guard let o = fault.segment?.outcome else {
                    rows.append([
                        model.model, fault.window.kind.rawValue, "", "", "", "", "", "", "",
                        fault.notApplicable.map { "n/a: \($0)" } ?? "NOT RUN: \(fault.error ?? "?")",
                    ])
                    continue
                }
                rows.append([
                    model.model, fault.window.kind.rawValue, "\(o.offered)", "\(o.accepted)", "\(o.refusedTotal)",
                    "\(o.completed)", "\(o.lost)", o.recovered.map(String.init) ?? "—",
                    "\(o.duplicatedCompletions + o.doubleReservations)",
                    fault.passed ? "held" : "FAILED",
                ])
            }
        }
        let header = ["model", "fault", "sent", "2xx", "refused", "completed", "lost", "recovered", "dup", "checks"]
        let widths = header.indices.dropLast().map { column in
            ([header[column]] + rows.map { $0[column] }).map(\.count).max() ?? 0
        }
        func line(_ cells: [String]) -> String {
            // The last column (the checks, or why a fault does not apply) is not padded.
            let padded = zip(cells.dropLast(), widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }
            return (padded + [cells.last ?? ""]).joined(separator: "  ")
        }
        return ([line(header)] + rows.map(line)).joined(separator: "\n")
    }
}
