/// The promises the comparison checks under every fault: what the issue's
/// "must hold" says, as checks over a segment's per-order counts.
public enum Invariants {
    /// `declaredLoss`: why the model loses accepted orders under this fault by
    /// construction, stated before it ran; "no accepted order lost" is then
    /// not checked (the loss is reported with that reason), the rest is.
    /// `answersCut`: the fault cuts the client's own link, so a request sent in the window may go unanswered
    /// whatever the model does; every one sent before or after it must still be answered.
    public static func checks(_ outcome: FaultOutcome, declaredLoss: String? = nil, answersCut: Bool = false)
        -> [InvariantCheck]
    {
        var checks: [InvariantCheck] = []
        func check(_ name: String, _ passed: Bool, _ detail: String) {
            checks.append(InvariantCheck(name: name, passed: passed, detail: detail))
        }
        if declaredLoss == nil {
            check(
                "no accepted order lost", outcome.lost == 0,
                outcome.lost == 0
                    ? "0 lost" : "\(outcome.lost) lost, e.g. \(outcome.lostSample.joined(separator: ", "))")
        }
        let earlier =
            (outcome.earlierSegmentsUnits ?? 0) > 0
            ? " (besides \(outcome.earlierSegmentsUnits ?? 0) taken by \(outcome.earlierSegmentsReserved ?? 0) orders of earlier segments)"
            : ""
        // The ledger keys decisions by order id, so a second reservation cannot be listed; it would show as
        // stock taken beyond what the listed reservations account for.
        check(
            "no order reserved twice",
            outcome.doubleReservations == 0 && outcome.stockTaken == outcome.ledgerReservedUnits,
            "stock fell by \(outcome.stockTaken)\(earlier); the ledger's reservations account for \(outcome.ledgerReservedUnits)"
        )
        let strandedUnits = outcome.strandedUnits ?? 0
        let held =
            strandedUnits > 0
            ? "; \(strandedUnits) held for \(outcome.stranded ?? 0) order(s) told failure, reserved, never completed "
                + "(stranded, e.g. \((outcome.strandedSample ?? []).joined(separator: ", ")))"
            : ""
        check(
            "stock decrease = units of completed orders (and of stranded ones, counted)", outcome.consistent,
            "stock fell by \(outcome.stockTaken)\(earlier), completed orders asked for \(outcome.stockForCompleted)"
                + held)
        check(
            "every refusal says why", outcome.refusedWithoutReason == 0,
            "\(outcome.refusedWithoutReason) refusals without an error code")
        if answersCut {
            let outside = outcome.unansweredOutsideWindow ?? outcome.unanswered
            check(
                "every request sent outside the window answered (the window's answers are what the fault cuts)",
                outside == 0, "\(outside) unanswered outside the window, \(outcome.unanswered - outside) in it")
        } else {
            check(
                "every request answered within the client timeout (never a hang)", outcome.unanswered == 0,
                "\(outcome.unanswered) unanswered")
        }
        if let expected = outcome.deadLettersExpected {
            let seen = outcome.deadLettersSeen ?? 0
            check(
                "every poison message dead-lettered", seen == expected, "\(seen) dead letters for \(expected) expected")
            check(
                "every dead letter says why", outcome.deadLettersWithoutReason == 0,
                outcome.deadLettersWithoutReason == 0
                    ? "reasons: " + outcome.deadLetterReasons.prefix(4).joined(separator: "; ")
                    : "\(outcome.deadLettersWithoutReason) without a reason")
        }
        return checks
    }
}
