import Faults
import LabKit

/// COMPARISON.md and the README's table, written from a ``ComparisonReport``
/// alone: every cell is a count or a figure of the run, or the reason a fault
/// did not apply.
public struct ComparisonMarkdown: Sendable {
    public var report: ComparisonReport

    public init(report: ComparisonReport) {
        self.report = report
    }

    public func render() -> String {
        var out = """
            # Three models, one workload, the same faults: the measured comparison

            Written by `\(report.command)` on \(report.date) (\(report.machine.oneLine)).
            Every figure below comes from that run: orders are counted per order id from what the client
            got back and what each model recorded (notifications, the inventory's ledger, the dead letters),
            not inferred from totals. The figures are in [COMPARISON.json](COMPARISON.json); rerun with
            `bash scripts/lab.sh` (everything) or `commlab compare` (this comparison only).

            **Workload** ([`\(report.workload.path)`](\(report.workload.path)), SHA-256 `\(report.workload.sha256.prefix(16))…`\(report.workload.quick ? ", `--quick`" : "")):
            \(Format.figure(workload.rate)) orders/s offered open loop (timed from the intended send), \
            seed \(workload.seed); each fault is a segment of \(Format.figure(workload.phases.before)) s steady, \
            \(Format.figure(workload.phases.window)) s with the fault, \(Format.figure(workload.phases.after)) s \
            steady again, then up to \(Format.figure(workload.drainLimitSeconds)) s for accepted orders to \
            complete; \(Int((workload.meantToFail.share * 100).rounded()))% of orders ask for \
            `\(workload.meantToFail.item)`, which no inventory stocks, and must be refused. \
            Result: **\(report.passed ? "every invariant held" : "some invariants FAILED (see the checks below)")**.

            ## Trade-offs, measured

            \(tradeOffsTable())

            What the rows mean: *client latency* is from the intended send to the answer; *completion* is
            from the intended send to the end of the workflow (A and B: the notification recorded; C: the
            inventory group's reservation). *Lost* is an order answered 2xx that never completed after the
            drain; *double reservations* are orders whose stock was taken twice (the stock decrease beyond what the
            ledger's reservations account for); stock that an earlier segment's order took during this one (told
            failure there, or still in its backlog when that segment's drain ended) is shown beside it, not
            counted in it. Completions are recorded under the order id (the notification log's
            key; C: the ledger's), so a duplicate delivery can add none: the "extra completions" count shows that key
            at work, and the stock checks are what would catch a duplicate's effect. *Recovered* is the time
            from the end of the fault window until completions per second are back at 80% of the offered
            rate of orders meant to succeed.

            ## Per fault

            """
        for kind in faultKinds {
            out += faultSection(kind)
        }
        out += capacitySection()
        out += """

            ## Charts

            One timeline per fault, the models stacked (offered, accepted and completed per second; the
            fault window shaded):

            \(faultKinds.map { "![\($0.rawValue)](screenshots/compare/timeline-\($0.rawValue).svg)" }.joined(separator: "\n"))

            Client latency at baseline, as a CDF per model:

            ![latency CDF](screenshots/compare/latency-cdf-baseline.svg)

            Lost, duplicated and refused orders per model and fault (zeros drawn as zeros):

            ![outcomes](screenshots/compare/outcomes.svg)

            """
        return out
    }

    /// The README's table: the trade-offs, with a link to the rest.
    public func renderReadmeSection() -> String {
        """
        Measured by `\(report.command)` on \(report.date) (\(report.machine.cores) cores): \
        \(Format.figure(workload.rate)) orders/s against each model through the same \(workload.faults.count) fault windows. \
        Per-fault tables and charts: [COMPARISON.md](COMPARISON.md).

        \(tradeOffsTable())
        """
    }

    private var workload: CompareWorkload { report.workload.effective }
    private var faultKinds: [FaultKind] { workload.faults.map(\.kind) }

    // MARK: trade-offs

    /// A model that cannot run a deployment gets no column (every cell would say the same): the line under
    /// the table says why.
    func tradeOffsTable() -> String {
        let models = report.models.filter { $0.notApplicable == nil }
        var rows: [[String]] = []
        func row(_ label: String, _ cell: (ModelResult) -> String) {
            rows.append([label] + models.map { model in model.error.map { "not run: \($0)" } ?? cell(model) })
        }
        row("client's answer at baseline") { answers($0.fault(.baseline)) }
        row("client latency at baseline, p50 / p99") { latency($0.fault(.baseline)) { $0.clientLatency } }
        row("completion at baseline, p50 / p99") { latency($0.fault(.baseline)) { $0.completionLatency } }
        row("coupling: inventory slow → client p99 / max") { model in
            cell(model.fault(.inventorySlow)) {
                "\(Format.milliseconds($0.clientLatency.p99Milliseconds)) / \(Format.milliseconds($0.clientLatency.maxMilliseconds))"
            }
        }
        row("coupling: inventory down → answers") { answers($0.fault(.inventoryDown)) }
        row("inventory failing → accepted, completed, lost") { model in
            cell(model.fault(.inventoryFailing)) {
                "\($0.accepted) accepted, \($0.completed) completed, \($0.lost) lost"
            }
        }
        row("consumer crash → lost, duplicated, recovered") { model in
            cell(model.fault(.consumerCrash)) {
                "\($0.lost) lost, \($0.duplicatedCompletions + $0.doubleReservations) duplicated, recovered \(seconds($0.recoverySeconds))"
            }
        }
        row("broker unreachable → answers, recovered") { model in
            cell(model.fault(.brokerPaused)) { "\(answers($0)), recovered \(seconds($0.recoverySeconds))" }
        }
        row("broker crash → lost, duplicated, recovered") { model in
            let fault = model.fault(.brokerCrash)
            return cell(fault) {
                "\($0.lost) lost" + (fault?.declaredLoss.map { " (by construction: \($0))" } ?? "")
                    + ", \($0.duplicatedCompletions + $0.doubleReservations) duplicated, "
                    + "recovered \(seconds($0.recoverySeconds))"
            }
        }
        if models.contains(where: { $0.fault(.brokerNodeLost) != nil }) {
            row("broker node lost → lost, duplicated, recovered (told failure, completed), failover, stalled") {
                model in
                cell(model.fault(.brokerNodeLost)) {
                    "\($0.lost) lost, \($0.duplicatedCompletions + $0.doubleReservations) duplicated, "
                        + "\($0.recovered.map(String.init) ?? "—") recovered; failover "
                        + ($0.failoverSeconds.map { "\(Format.decimal($0, places: 1)) s" } ?? "not within the run")
                        + ", \($0.stalledOrders.map(String.init) ?? "—") orders offered meanwhile"
                }
            }
        }
        for (kind, label) in [
            (FaultKind.brokerNodePaused, "broker node paused"), (.quorumLost, "quorum lost (two of three nodes down)"),
        ] where models.contains(where: { $0.fault(kind) != nil }) {
            row("\(label) → answers, lost, recovered (told failure, completed), failover") { model in
                cell(model.fault(kind)) {
                    "\(answers($0)); \($0.lost) lost, \($0.recovered.map(String.init) ?? "—") recovered; failover "
                        + ($0.failoverSeconds.map { "\(Format.decimal($0, places: 1)) s" } ?? "not within the run")
                }
            }
        }
        row("poison input → refused, dead-lettered") { model in
            cell(model.fault(.poisonInput)) { outcome in
                // The shortest reason is the most readable one in a table cell.
                let reason = outcome.deadLetterReasons.min { $0.count < $1.count }.map { ", e.g. “\($0.prefix(90))”" }
                let dead = outcome.deadLettersExpected.map {
                    ", \(outcome.deadLettersSeen ?? 0) of \($0) dead-lettered" + (reason ?? "")
                }
                return "\(outcome.refusedTotal) refused" + (dead ?? ", no dead letters (no messages)")
            }
        }
        row("duplicate delivery → completed once?") { model in
            cell(model.fault(.duplicateDelivery)) {
                "\($0.duplicatedCompletions) extra completions, \($0.doubleReservations) double reservations"
            }
        }
        // The link faults: what the client was told, and what that answer was worth (lost, recovered).
        for (kind, label) in [
            (FaultKind.linkPartition, "order path partitioned"), (.linkHalfOpen, "order path half-open"),
            (.linkLoss, "order path losing packets"), (.linkReset, "order path reset"),
            (.consumerLinkPartition, "consumer partitioned from its broker"),
            (.consumerLinkLoss, "consumer's link losing packets"),
            (.readerLinkPartition, "other reader cut (A: notification; B: notification consumer; C, D: analytics)"),
            (.clientLinkHalfOpen, "client's answers dropped (half-open)"),
        ] where models.contains(where: { $0.fault(kind) != nil }) {
            row("\(label) → 2xx, refused, lost, recovered, completion p99") { model in
                cell(model.fault(kind)) {
                    "\($0.accepted) 2xx, \($0.refusedTotal + $0.unanswered) refused or unanswered, \($0.lost) lost, "
                        + "\($0.recovered.map(String.init) ?? "—") recovered; completion p99 "
                        + Format.milliseconds($0.completionLatency.p99Milliseconds)
                        + (kind.target == .readerLink ? readerBacklog($0) : "")
                }
            }
        }
        // Latency and a rate cap: what a slow link does to the client's wait, and whether answers still hold.
        for (kind, label) in [
            (FaultKind.linkLatency, "order path slow (added latency)"),
            (.linkBandwidth, "order path capped (bandwidth)"),
        ] where models.contains(where: { $0.fault(kind) != nil }) {
            row("\(label) → client p90 / p99 over the segment, answers, lost, recovered") { model in
                cell(model.fault(kind)) {
                    "\(Format.milliseconds($0.clientLatency.p90Milliseconds)) / "
                        + "\(Format.milliseconds($0.clientLatency.p99Milliseconds)); \(answers($0)), \($0.lost) lost, "
                        + "\($0.recovered.map(String.init) ?? "—") recovered"
                }
            }
        }
        row("all faults: lost / duplicated") { model in
            let outcomes = model.faults.compactMap { $0.segment?.outcome }
            let lost = outcomes.reduce(0) { $0 + $1.lost }
            let duplicated = outcomes.reduce(0) { $0 + $1.duplicatedCompletions + $1.doubleReservations }
            return "\(lost) / \(duplicated) over \(outcomes.count) segments"
        }
        row("all faults: recovered (told failure, completed anyway) / unexpected (never sent, completed)") { model in
            let outcomes = model.faults.compactMap { $0.segment?.outcome }
            guard outcomes.allSatisfy({ $0.recovered != nil && $0.unexpected != nil }) else {
                return "not counted in this report"
            }
            let recovered = outcomes.reduce(0) { $0 + ($1.recovered ?? 0) }
            let unexpected = outcomes.reduce(0) { $0 + ($1.unexpected ?? 0) }
            return "\(recovered) / \(unexpected) over \(outcomes.count) segments"
        }
        row("all faults: stranded (told failure, stock reserved, never completed)") { model in
            let outcomes = model.faults.compactMap { $0.segment?.outcome }
            guard outcomes.allSatisfy({ $0.stranded != nil }) else { return "not counted in this report" }
            let stranded = outcomes.reduce(0) { $0 + ($1.stranded ?? 0) }
            let worst = model.faults.filter { ($0.segment?.outcome.stranded ?? 0) > 0 }
                .map { "\($0.window.kind.rawValue) \($0.segment?.outcome.stranded ?? 0)" }
            return "\(stranded) over \(outcomes.count) segments"
                + (worst.isEmpty ? "" : " (\(worst.joined(separator: ", ")))")
        }
        row("ordering: a user's order decided after their later one, all segments") { model in
            let counted = model.faults.compactMap { fault in
                fault.segment?.outcome.orderViolations.map { (fault.window.kind, $0) }
            }
            guard !counted.isEmpty else { return "not counted in this report" }
            let total = counted.reduce(0) { $0 + $1.1 }
            let worst = counted.filter { $0.1 > 0 }.sorted { $0.1 > $1.1 }.prefix(3)
                .map { "\($0.0.rawValue) \($0.1)" }
            return "\(total) over \(counted.count) segments"
                + (worst.isEmpty ? "" : " (\(worst.joined(separator: ", ")))")
        }
        row("stock decrease = completed (+ stranded, counted), every segment") { model in
            let outcomes = model.faults.compactMap { $0.segment?.outcome }
            return outcomes.allSatisfy(\.consistent) ? "yes (\(outcomes.count) of \(outcomes.count))" : "NO"
        }
        row("replay (not part of this run)") { $0.replay ?? "not recorded" }
        row("processes") { "\($0.processes.count) (\($0.processes.joined(separator: ", ")))" }
        row("peak RSS, all processes") { "\(Format.decimal($0.peakRSSMiB, places: 0)) MiB" }
        if let settings = workload.capacity {
            row(
                "capacity: highest rate sustained (client p99 ≤ \(Format.milliseconds(settings.sloP99Milliseconds)), "
                    + "nothing lost, backlog cleared within \(Format.decimal(settings.backlogClearSeconds, places: 0)) s)"
            ) { capacity($0) }
            row("CPU per 1,000 orders at that rate (busy)") { model in
                guard let sustained = model.capacity?.sustained else { return "no rate sustained" }
                return sustained.cpuSecondsPer1000Orders.map { "\(Format.decimal($0, places: 2)) s" }
                    ?? "not measured (no /proc)"
            }
        }
        row("CPU per 1,000 orders at baseline (\(Format.figure(workload.rate))/s, idle time included)") { model in
            model.cpuSecondsPer1000Orders.map { "\(Format.decimal($0, places: 2)) s" } ?? "not measured (no /proc)"
        }
        row("start-up, broker included") { "\(Format.decimal($0.startupSeconds, places: 1)) s" }
        let absent = report.models.compactMap { model in model.notApplicable.map { "**\(model.model)**: \($0)" } }
        return Self.table(header: [""] + models.map(\.model), rows: rows)
            + (absent.isEmpty ? "" : "\n\nNot run (n/a): " + absent.joined(separator: "; ") + ".")
    }

    /// The highest rate sustained and what stopped the next step.
    private func capacity(_ model: ModelResult) -> String {
        guard let result = model.capacity else { return "not searched" }
        let sustained = result.sustained.map {
            "\(Format.figure($0.offeredPerSecond)) orders/s (p99 \(Format.milliseconds($0.clientLatency.p99Milliseconds)))"
        }
        let above = result.firstUnsustained.map {
            "at \(Format.figure($0.offeredPerSecond))/s: \($0.shortfalls.joined(separator: ", "))"
        }
        let reached = result.error == nil && above == nil ? "the search's maximum" : nil
        return [
            sustained ?? "none of the steps", above ?? reached, result.error.map { "search ended: \($0)" },
        ].compactMap { $0 }.joined(separator: "; ")
    }

    /// Every step of every model's search.
    private func capacitySection() -> String {
        guard let settings = workload.capacity else { return "" }
        var rows: [[String]] = []
        for model in report.models {
            guard let result = model.capacity else { continue }
            for step in result.steps {
                rows.append([
                    model.model, Format.figure(step.offeredPerSecond), Format.figure(step.decidedPerSecond),
                    "\(Format.milliseconds(step.clientLatency.p50Milliseconds)) / "
                        + Format.milliseconds(step.clientLatency.p99Milliseconds),
                    Format.milliseconds(step.completionLatency.p99Milliseconds),
                    step.backlogClearedSeconds.map { "\(Format.decimal($0, places: 2)) s" } ?? "never",
                    "\(step.lost) / \(step.undecided) / \(step.duplicated)",
                    step.cpuSecondsPer1000Orders.map { "\(Format.decimal($0, places: 2)) s" } ?? "—",
                    step.sustained ? "yes" : "no: " + step.shortfalls.joined(separator: ", "),
                ])
            }
        }
        return """

            ## Capacity

            Each model's highest sustainable rate, searched on the running model after the fault segments:
            open-loop steps of \(Format.decimal(settings.stepSeconds, places: 0)) s of the workload's own orders, \
            the rate doubled from \(Format.figure(settings.startRate))/s (at most \(Format.figure(settings.maximumRate))/s) \
            until a step is not sustained, then halved \(settings.refinements) times between the last step sustained \
            and that one. A step is sustained when the client's p99 is within \
            \(Format.milliseconds(settings.sloP99Milliseconds)), every order is decided (completed, or refused as \
            meant) with none lost or duplicated, and the step's last order completes within \
            \(Format.decimal(settings.backlogClearSeconds, places: 0)) s of the stream's end (a backlog that grew during \
            the step takes longer). CPU is every process of the model (broker included when the lab owns it) over the \
            step and its drain: the busy cost, where the baseline row counts a mostly idle model.

            \(Self.table(
                header: [
                    "model", "offered /s", "decided /s", "client p50 / p99", "completion p99", "backlog cleared",
                    "lost / undecided / duplicated", "CPU per 1,000", "sustained",
                ], rows: rows))

            ![capacity](screenshots/compare/capacity.svg)

            """
    }

    /// What the other reader was left with: its backlog's peak and when it was worked off.
    private func readerBacklog(_ outcome: FaultOutcome) -> String {
        guard let peak = outcome.readerBacklogPeak else { return "; no reading of the other reader's backlog" }
        let caughtUp =
            outcome.readerCaughtUpSeconds.map { "worked off \(seconds($0)) after the window" }
            ?? "\(outcome.readerBacklogAtEnd ?? 0) still waiting at the end"
        return "; other reader's backlog peaked at \(peak), \(caughtUp)"
    }

    private func cell(_ fault: FaultResult?, _ text: (FaultOutcome) -> String) -> String {
        guard let fault else { return "not in the schedule" }
        if let reason = fault.notApplicable { return "n/a: \(reason)" }
        if let error = fault.error { return "not run: \(error)" }
        guard let outcome = fault.segment?.outcome else { return "no figures" }
        return text(outcome)
    }

    private func answers(_ fault: FaultResult?) -> String {
        cell(fault) { answers($0) }
    }

    private func answers(_ outcome: FaultOutcome) -> String {
        var parts = ["\(outcome.accepted) 2xx"]
        for (reason, count) in outcome.refused.sorted(by: { $0.value > $1.value }).prefix(3) {
            parts.append("\(count) \(reason)")
        }
        if outcome.unanswered > 0 { parts.append("\(outcome.unanswered) unanswered") }
        return parts.joined(separator: ", ") + " of \(outcome.offered)"
    }

    private func latency(_ fault: FaultResult?, _ pick: (FaultOutcome) -> LatencySummary) -> String {
        cell(fault) {
            let summary = pick($0)
            return summary.count == 0
                ? "none completed"
                : "\(Format.milliseconds(summary.p50Milliseconds)) / \(Format.milliseconds(summary.p99Milliseconds))"
        }
    }

    private func seconds(_ value: Double?) -> String {
        value.map { "in \(Format.decimal($0, places: 1)) s" } ?? "not within the run"
    }

    // MARK: per fault

    private func faultSection(_ kind: FaultKind) -> String {
        guard let window = workload.faults.first(where: { $0.kind == kind }) else { return "" }
        var rows: [[String]] = []
        var notes: [String] = []
        for model in report.models {
            guard let fault = model.fault(kind) else { continue }
            if let reason = fault.notApplicable {
                rows.append([model.model, "n/a: \(reason)"] + Array(repeating: "—", count: 11))
                continue
            }
            guard let segment = fault.segment else {
                rows.append(
                    [model.model, "not run: \(fault.error ?? model.error ?? "no figures")"]
                        + Array(repeating: "—", count: 11))
                continue
            }
            let o = segment.outcome
            rows.append([
                model.model, "\(o.offered)", "\(o.accepted)",
                o.refused.isEmpty
                    ? "0"
                    : o.refused.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: "<br>"),
                "\(o.completed)",
                "\(o.lost) / \(o.recovered.map(String.init) ?? "—") / \(o.unexpected.map(String.init) ?? "—")",
                "\(o.duplicatedCompletions) / \(o.doubleReservations)",
                "\(Format.milliseconds(o.clientLatency.p50Milliseconds)) / \(Format.milliseconds(o.clientLatency.p99Milliseconds)) / \(Format.milliseconds(o.clientLatency.maxMilliseconds))",
                o.completionLatency.count == 0
                    ? "—"
                    : "\(Format.milliseconds(o.completionLatency.p50Milliseconds)) / \(Format.milliseconds(o.completionLatency.p99Milliseconds)) / \(Format.milliseconds(o.completionLatency.maxMilliseconds))",
                o.recoverySeconds.map { "\(Format.decimal($0, places: 1)) s" } ?? "not seen",
                o.backlogClearedSeconds.map { "\(Format.decimal($0, places: 1)) s" } ?? "—",
                "\(o.stockTaken) = \(o.stockForCompleted)"
                    + ((o.strandedUnits ?? 0) > 0 ? " + \(o.strandedUnits ?? 0) stranded" : "")
                    + " \(o.consistent ? "✓" : "✗")"
                    + ((o.earlierSegmentsUnits ?? 0) > 0
                        ? " (+\(o.earlierSegmentsUnits ?? 0) by \(o.earlierSegmentsReserved ?? 0) earlier segments' orders)"
                        : ""),
                o.deadLettersExpected.map { "\(o.deadLettersSeen ?? 0) of \($0)" } ?? "—",
            ])
            let failed = fault.checks.filter { !$0.passed }
            let events = segment.events.map { "\(Format.decimal($0.seconds, places: 1)) s \($0.what)" }
            notes.append(
                "- \(model.model): \(events.joined(separator: "; "))"
                    + (segment.notes.isEmpty ? "" : "; " + segment.notes.joined(separator: "; "))
                    + (fault.declaredLoss.map { "; lost orders counted, not checked (by construction: \($0))" } ?? "")
                    + "; checks: "
                    + (failed.isEmpty
                        ? "all \(fault.checks.count) held"
                        : "FAILED " + failed.map { "\($0.name) (\($0.detail))" }.joined(separator: ", ")))
        }
        let header = [
            "model", "sent", "2xx", "refused (status code)", "completed", "lost / recovered / unexpected",
            "dup. completions / reservations",
            "client p50 / p99 / max", "completion p50 / p99 / max", "recovered after", "backlog cleared after",
            "stock taken = completed", "dead letters",
        ]
        return """

            ### \(window.label)

            \(Self.table(header: header, rows: rows))

            \(notes.joined(separator: "\n"))

            """
    }

    static func table(header: [String], rows: [[String]]) -> String {
        func line(_ cells: [String]) -> String {
            "| " + cells.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |"
        }
        return ([line(header), line(header.map { _ in "---" })] + rows.map(line)).joined(separator: "\n")
    }
}
