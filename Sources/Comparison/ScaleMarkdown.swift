import LabKit

/// SCALE.md, written from a ``ScaleReport`` alone: every cell is a count or a
/// figure of the run, or the reason a model could not scale.
public struct ScaleMarkdown: Sendable {
    public var report: ScaleReport

    public init(report: ScaleReport) {
        self.report = report
    }

    public func render() -> String {
        let settings = report.settings
        var out = """
            # Scale-out and ordering: inventory instances against throughput, per model

            Written by `\(report.command)` on \(report.date) (\(report.machine.oneLine)).
            Every figure comes from that run ([SCALE.json](SCALE.json)); rerun with `commlab scale`
            (or `bash scripts/lab.sh`, which runs it after the comparison).

            **How**: each model is started once with its broker and services; its inventory runs as
            \(settings.instances.map(String.init).joined(separator: ", ")) instances in turn (added between points,
            2 s to settle after each change, 8 s for a consumer group's rebalance). Every instance gets the delay
            fault: \(settings.costMilliseconds) ms added to each message, handled one at a time while it is set, so one
            instance's ceiling is about \(Format.figure(settings.costCeiling)) messages/s on any machine and scaling
            shows on \(report.machine.cores) cores. At each point \(Format.figure(settings.rate)) orders/s are offered
            open loop for \(Format.figure(settings.seconds)) s (\(settings.ordersPerPoint) orders, the comparison's
            mix and seed), then drained, and counted per order id as in the comparison. *Completions/s* is the
            point's completed orders over the time from the stream's start to the last completion: the rate the
            instances worked their backlog off at. *Ideal* is one instance's measured rate times the instances
            that can hold work (a group's members beyond its partitions cannot), capped at the offered rate of
            orders that can complete (the mix's \(Int((report.meantToFailShare * 100).rounded())) % meant to fail never do).
            *Out of order* counts orders the inventory decided after a later order of the same user (the client's
            send order is each user's sequence). \(settings.partitions) partitions per topic for the log model.
            Result: **\(report.passed ? "nothing lost, duplicated or reserved twice at any point" : "some points lost, duplicated or double-reserved orders (see below)")**.

            """
        for model in report.models {
            out += "\n## \(model.model)\n\n"
            if let reason = model.notApplicable {
                out += "n/a: \(reason)\n"
                continue
            }
            if let sharing = model.sharing { out += "How instances share the orders: \(sharing).\n" }
            if let why = model.busyLimitReason { out += "Busy limit: \(why).\n" }
            if let error = model.error { out += "\n**Could not finish**: \(error)\n" }
            if !model.points.isEmpty {
                out += "\n" + pointsTable(model.points) + "\n"
                out += "\n![\(model.model)](screenshots/scale/scale-\(model.part).svg)\n"
                out +=
                    "\nMessages each instance took: "
                    + model.points.map { point in
                        "N=\(point.instances): "
                            + point.receivedByInstance.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
                            .joined(separator: ", ")
                    }.joined(separator: "; ") + ".\n"
                let samples = model.points.flatMap(\.outcome.orderViolationSample).prefix(3)
                if !samples.isEmpty { out += "Out of order, for example: \(samples.joined(separator: "; ")).\n" }
            }
            if let membership = model.membership { out += "\n" + membershipSection(model, membership) }
        }
        return out
    }

    private func pointsTable(_ points: [ScalePoint]) -> String {
        var rows = [
            "| instances | completions/s | ideal | offered | backlog peak | completion p50 / p99 | cores busy | CPU s / 1000 orders | idle instances | completed / accepted | lost | duplicated | out of order (users) | decided again |",
            "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        ]
        for point in points {
            let outcome = point.outcome
            let cells: [String] = [
                "\(point.instances)", Format.decimal(point.completionsPerSecond, places: 1),
                point.idealPerSecond.map { Format.decimal($0, places: 1) } ?? "n/a (no N=1 point)",
                Format.figure(point.offeredRate), point.backlogPeak.map(String.init) ?? "n/a (no gauge)",
                "\(Format.milliseconds(outcome.completionLatency.p50Milliseconds)) / "
                    + Format.milliseconds(outcome.completionLatency.p99Milliseconds),
                point.coresBusy.map { Format.decimal($0, places: 2) } ?? "n/a",
                point.cpuSecondsPer1000Orders.map { Format.decimal($0, places: 2) } ?? "n/a",
                "\(point.idleInstances)", "\(outcome.completed) / \(outcome.accepted)", "\(outcome.lost)",
                "\(outcome.duplicated + outcome.doubleReservations)",
                "\(outcome.orderViolations) (\(outcome.orderingUsersChecked))", "\(point.replayed)",
            ]
            rows.append("| " + cells.joined(separator: " | ") + " |")
        }
        return rows.joined(separator: "\n")
    }

    private func membershipSection(_ model: ScaleModelResult, _ membership: MembershipChange) -> String {
        let outcome = membership.outcome
        func gap(_ seconds: Double?) -> String { seconds.map { Format.decimal($0, places: 2) + " s" } ?? "n/a" }
        return """
            ### Membership change under load

            \(membership.startInstances) instance(s) to begin with; \(membership.events.map { "at \(Format.decimal($0.seconds, places: 1)) s \($0.what)" }.joined(separator: ", ")).
            Longest stretch without a completion in the 10 s after the join: \(gap(membership.longestGapAfterJoinSeconds)); \
            after the kill: \(gap(membership.longestGapAfterKillSeconds)). The killed instance held \
            \(membership.heldByKilled.map(String.init) ?? "an unknown number of") messages taken and not finished \
            (its own count, read just before the kill); the broker handed out \(membership.redelivered) messages again \
            marked redelivered (AMQP's flag; a log re-reads from the committed offset without one), and \
            \(membership.replayed) messages were decided again and absorbed by the ledger (processed before the \
            kill, not yet acknowledged or committed). \
            \(outcome.completed) of \(outcome.accepted) accepted orders completed; \(outcome.lost) lost, \
            \(outcome.duplicated + outcome.doubleReservations) duplicated or reserved twice, \
            \(outcome.orderViolations) decided out of order (of \(outcome.orderingUsersChecked) users).

            ![\(model.model) membership](screenshots/scale/membership-\(model.part).svg)

            """
    }
}
