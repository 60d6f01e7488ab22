import LabKit
import OrderDomain

/// Turns a segment's evidence into its ``FaultOutcome``: every figure is a
/// count over order ids (what the client sent, what the model recorded), not
/// an inference from totals.
public enum OutcomeCounter {
    /// Completions per second must reach this share of the offered rate to count as recovered.
    static let recoveredShare = 0.8

    public static func count(_ evidence: SegmentEvidence) -> FaultOutcome {
        var outcome = FaultOutcome()
        let records = evidence.records
        outcome.offered = records.count
        var clientLatency = LatencyRecorder()
        var firstSend: [String: ClientRecord] = [:]
        var acceptedIDs: Set<String> = []
        var refusedIDs: Set<String> = []
        var unansweredIDs: Set<String> = []
        outcome.unansweredOutsideWindow = 0
        outcome.unansweredReasons = [:]
        for record in records {
            clientLatency.record(microseconds: Int64(record.latencyMilliseconds * 1000))
            if let id = record.orderID, record.kind != .resend, firstSend[id] == nil { firstSend[id] = record }
            guard let status = record.status else {
                outcome.unanswered += 1
                // Sent while the fault was on: from the window's start until it was actually lifted, and for
                // the client's connect timeout after that — its pool may hand a request a connection attempt
                // begun in the cut, whose dropped handshake runs out that timeout.
                let lifted =
                    max(evidence.windowEnd, evidence.faultLifted ?? evidence.windowEnd)
                    + HTTPClientFactory.connectTimeout.seconds
                let place =
                    record.intendedSeconds < evidence.windowStart
                    ? "before" : record.intendedSeconds < lifted ? "in" : "after"
                outcome.unansweredReasons?["\(record.reason ?? "no answer") (\(place) the window)", default: 0] += 1
                if place != "in" { outcome.unansweredOutsideWindow = (outcome.unansweredOutsideWindow ?? 0) + 1 }
                if let id = record.orderID { unansweredIDs.insert(id) }
                continue
            }
            if record.isAccepted {
                outcome.accepted += 1
                if let id = record.orderID { acceptedIDs.insert(id) }
            } else {
                outcome.refused["\(status) \(record.reason ?? "no reason")", default: 0] += 1
                if record.reason == nil { outcome.refusedWithoutReason += 1 }
                if let id = record.orderID { refusedIDs.insert(id) }
            }
        }
        outcome.clientLatency = clientLatency.summary

        // Ids this segment knows: a straggler of another segment is not counted here.
        var quantities = firstSend.mapValues(\.quantity)
        for (id, quantity) in evidence.directOrders { quantities[id] = quantity }
        var completionsPerID: [String: [Int64]] = [:]
        for completion in evidence.completions where quantities[completion.orderID] != nil {
            completionsPerID[completion.orderID, default: []].append(completion.sentMicroseconds)
        }
        outcome.completed = completionsPerID.count
        // Told failure (or nothing) on every try, completed anyway: the client could not trust its answer.
        let recovered = completionsPerID.keys.filter {
            !acceptedIDs.contains($0) && (refusedIDs.contains($0) || unansweredIDs.contains($0))
        }.sorted()
        outcome.recovered = recovered.count
        outcome.recoveredSample = Array(recovered.prefix(5))
        if let prefix = evidence.orderIDPrefix {
            outcome.unexpected =
                Set(
                    evidence.completions.map(\.orderID).filter { $0.hasPrefix(prefix) && quantities[$0] == nil }
                ).count
        }
        outcome.duplicatedCompletions = completionsPerID.values.reduce(0) { $0 + max(0, $1.count - 1) }
        outcome.stockForCompleted = completionsPerID.keys.reduce(0) { $0 + (quantities[$1] ?? 0) }

        var ledgerStates: [String: [String]] = [:]
        var earlierOrders = 0
        var earlierUnits = 0
        for entry in evidence.ledger {
            let units = entry.state == "reserved" ? entry.lines.reduce(0) { $0 + $1.quantity } : 0
            guard quantities[entry.orderID] != nil else {
                // Only another segment's ids: an id of this segment's never sent is a fault to show, not excuse.
                if units > 0, !(evidence.orderIDPrefix.map { entry.orderID.hasPrefix($0) } ?? false) {
                    earlierOrders += 1
                    earlierUnits += units
                }
                continue
            }
            ledgerStates[entry.orderID, default: []].append(entry.state)
            outcome.ledgerReservedUnits += units
        }
        outcome.earlierSegmentsReserved = earlierOrders
        outcome.earlierSegmentsUnits = earlierUnits
        outcome.stockTaken = evidence.stockTaken - earlierUnits
        var stranded: [String] = []
        var strandedUnits = 0
        for entry in evidence.ledger
        where entry.state == "reserved" && completionsPerID[entry.orderID] == nil
            && !acceptedIDs.contains(entry.orderID)
            && (refusedIDs.contains(entry.orderID) || unansweredIDs.contains(entry.orderID))
        {
            stranded.append(entry.orderID)
            strandedUnits += entry.lines.reduce(0) { $0 + $1.quantity }
        }
        stranded.sort()
        outcome.stranded = stranded.count
        outcome.strandedSample = Array(stranded.prefix(5))
        outcome.strandedUnits = strandedUnits
        outcome.doubleReservations = ledgerStates.values.filter { $0.filter { $0 == "reserved" }.count > 1 }.count
        let ordering = OrderingCounter.count(records: records, ledger: evidence.ledger)
        outcome.orderViolations = ordering.count
        outcome.orderViolationSample = ordering.sample
        outcome.orderingUsersChecked = ordering.usersChecked

        var lost: [String] = []
        for (id, record) in firstSend.sorted(by: { $0.value.intendedSeconds < $1.value.intendedSeconds }) {
            if record.kind == .meantToFail {
                let decided = ledgerStates[id]?.contains("rejected") ?? false
                if decided || refusedIDs.contains(id) { outcome.rejectedAsMeant += 1 }
                if acceptedIDs.contains(id), !decided, completionsPerID[id] == nil { lost.append(id) }
            } else if acceptedIDs.contains(id), completionsPerID[id] == nil {
                lost.append(id)
            }
        }
        for id in evidence.directOrders.keys.sorted() where completionsPerID[id] == nil { lost.append(id) }
        outcome.lost = lost.count
        outcome.lostSample = Array(lost.prefix(5))

        var completionLatency = LatencyRecorder()
        var lastBacklogCompletion: Double?
        for (id, times) in completionsPerID {
            guard let first = times.min() else { continue }
            let completedAt = Double(first - evidence.startMicroseconds) / 1e6
            guard let record = firstSend[id] else { continue }
            completionLatency.record(microseconds: Int64((completedAt - record.intendedSeconds) * 1e6))
            if record.intendedSeconds < evidence.windowEnd {
                lastBacklogCompletion = max(lastBacklogCompletion ?? completedAt, completedAt)
            }
        }
        outcome.completionLatency = completionLatency.summary
        outcome.backlogClearedSeconds = lastBacklogCompletion.map { max(0, $0 - evidence.windowEnd) }

        outcome.timeline = timeline(evidence, firstSend: firstSend, completions: completionsPerID)
        outcome.recoverySeconds = recoverySeconds(
            timeline: outcome.timeline, windowEnd: evidence.windowEnd,
            threshold: evidence.rate * (1 - evidence.meantToFailShare) * recoveredShare)
        outcome.failoverSeconds = failoverSeconds(
            timeline: outcome.timeline, windowStart: evidence.windowStart, streamSeconds: evidence.streamSeconds,
            threshold: evidence.rate * (1 - evidence.meantToFailShare) * recoveredShare)
        if let failover = outcome.failoverSeconds {
            let end = evidence.windowStart + failover
            outcome.stalledOrders =
                evidence.records.filter {
                    $0.kind != .resend && $0.intendedSeconds >= evidence.windowStart && $0.intendedSeconds < end
                }.count
        }
        countReaderBacklog(evidence, into: &outcome)
        outcome.deadLettersExpected = evidence.deadLettersExpected
        outcome.deadLettersSeen = evidence.deadLettersSeen
        return outcome
    }

    /// The other reader's backlog: its peak, and when after the window it was back where it was before.
    static func countReaderBacklog(_ evidence: SegmentEvidence, into outcome: inout FaultOutcome) {
        let samples = evidence.readerBacklog.sorted { $0.seconds < $1.seconds }
        guard let peak = samples.map(\.value).max() else { return }
        let before = samples.filter { $0.seconds < evidence.windowStart }.map(\.value).max() ?? 0
        let lifted = max(evidence.windowEnd, evidence.faultLifted ?? evidence.windowEnd)
        outcome.readerBacklogPeak = peak
        outcome.readerBacklogAtEnd = samples.last?.value
        outcome.readerCaughtUpSeconds = samples.first { $0.seconds >= lifted && $0.value <= before }.map {
            max(0, $0.seconds - evidence.windowEnd)
        }
    }

    static func timeline(
        _ evidence: SegmentEvidence, firstSend: [String: ClientRecord], completions: [String: [Int64]]
    ) -> [FaultOutcome.SecondBucket] {
        var buckets: [Int: FaultOutcome.SecondBucket] = [:]
        func bump(_ seconds: Double, _ field: WritableKeyPath<FaultOutcome.SecondBucket, Int>) {
            let second = max(0, Int(seconds.rounded(.down)))
            buckets[second, default: .init(second: second)][keyPath: field] += 1
        }
        for record in evidence.records where record.kind != .resend {
            bump(record.intendedSeconds, \.offered)
            if record.isAccepted { bump(record.answeredSeconds, \.accepted) }
        }
        for times in completions.values {
            guard let first = times.min() else { continue }
            bump(Double(first - evidence.startMicroseconds) / 1e6, \.completed)
        }
        let last = max(buckets.keys.max() ?? 0, Int(evidence.streamSeconds.rounded(.up)) - 1)
        return (0...last).map { buckets[$0] ?? .init(second: $0) }
    }

    /// Seconds from `windowStart` until completions, after first falling below `threshold` in a whole second at
    /// or after it, reach `threshold` again (the start of that second); 0 when no second fell below it, nil
    /// when none came back. The stream's last second is not a dip: its orders were still being sent.
    public static func failoverSeconds(
        timeline: [FaultOutcome.SecondBucket], windowStart: Double, streamSeconds: Double, threshold: Double
    ) -> Double? {
        let first = Int(windowStart.rounded(.up))
        let lastWhole = Int(streamSeconds.rounded(.down)) - 2
        guard
            let dip = timeline.first(where: {
                $0.second >= first && $0.second <= lastWhole && Double($0.completed) < threshold
            })
        else { return 0 }
        guard let back = timeline.first(where: { $0.second > dip.second && Double($0.completed) >= threshold }) else {
            return nil
        }
        return max(0, Double(back.second) - windowStart)
    }

    /// Seconds from `windowEnd` to the start of the first whole second, at or
    /// after it, whose completions reach `threshold`; nil if none does.
    public static func recoverySeconds(
        timeline: [FaultOutcome.SecondBucket], windowEnd: Double, threshold: Double
    ) -> Double? {
        let firstWhole = Int(windowEnd.rounded(.down))
        guard
            let bucket = timeline.first(where: { $0.second >= firstWhole && Double($0.completed) >= threshold })
        else { return nil }
        return max(0, Double(bucket.second) - windowEnd)
    }
}
