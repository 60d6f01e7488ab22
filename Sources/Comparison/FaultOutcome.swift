import LabKit

/// What one model did in one fault segment, counted per order id.
public struct FaultOutcome: Codable, Sendable, Hashable {
    /// Requests sent (resends and poison requests included).
    public var offered = 0
    /// Requests answered 2xx.
    public var accepted = 0
    /// Requests answered 4xx/5xx, by `status reason`.
    public var refused: [String: Int] = [:]
    /// Requests with no answer within the client timeout.
    public var unanswered = 0
    /// Of those, the ones sent before the fault window or after it: what a fault on the client's own link
    /// must not leave unanswered. Nil in a report written before it was counted.
    public var unansweredOutsideWindow: Int?
    /// Why the unanswered went without an answer (`timeout`, `connect timeout`, …), with the window's
    /// place: `before`, `in` or `after`. Nil in a report written before it was counted.
    public var unansweredReasons: [String: Int]?
    /// Refusals whose body named no reason.
    public var refusedWithoutReason = 0
    /// Distinct orders whose workflow completed.
    public var completed = 0
    /// Orders meant to fail that the inventory (or the answer) refused.
    public var rejectedAsMeant = 0
    /// Accepted orders that never completed (or, meant to fail, were never decided) after the drain.
    public var lost = 0
    public var lostSample: [String] = []
    /// Orders the client was told had failed (refused, or no answer in time) that completed all the same:
    /// the answers the client could not trust. Nil in a report written before it was counted.
    public var recovered: Int?
    public var recoveredSample: [String]?
    /// Orders the client was told had failed (refused, or no answer) that the inventory reserved and that never
    /// completed: stock held for an order nobody will fulfil (a broker that handed a message to a consumer
    /// before writing it, then lost it). A few of them, and the units they hold. Nil as for ``recovered``.
    public var stranded: Int?
    public var strandedSample: [String]?
    public var strandedUnits: Int?
    /// Completions of this segment's order ids that the client never sent. Nil as for ``recovered``.
    public var unexpected: Int?
    /// Orders the inventory decided after a later order of the same user (``OrderingCounter``), a few of
    /// them, and how many users had two or more orders decided. Nil in a report written before it was counted.
    public var orderViolations: Int?
    public var orderViolationSample: [String]?
    public var orderingUsersChecked: Int?
    /// Completions recorded more than once for one order.
    public var duplicatedCompletions = 0
    /// Orders reserved more than once in the ledger.
    public var doubleReservations = 0
    /// Units the ledger's `reserved` decisions of this segment's orders account for: a stock decrease
    /// beyond them is stock taken twice under one order id.
    public var ledgerReservedUnits = 0
    /// Units the stock fell by for this segment's orders, and the units the completed orders asked for.
    public var stockTaken = 0
    /// Orders of earlier segments the ledger reserved during this one (told failure there, or still in a
    /// backlog when that segment's drain ended), and the units they took: the stock they took is theirs,
    /// not this segment's, so it is taken off ``stockTaken``. Nil in a report written before it was counted.
    public var earlierSegmentsReserved: Int?
    public var earlierSegmentsUnits: Int?
    public var stockForCompleted = 0
    public var clientLatency = LatencySummary.empty
    /// From the intended send to the completion, for completed orders.
    public var completionLatency = LatencySummary.empty
    /// The most work that waited for the order's other reader during the segment, seconds from the window's
    /// end until it was back at its level before the window (nil if not seen), and what was left at the end.
    /// Nil for a model that cannot say.
    public var readerBacklogPeak: Int?
    public var readerCaughtUpSeconds: Double?
    public var readerBacklogAtEnd: Int?
    /// From the window's end until completions are back at the offered rate; nil if not seen.
    public var recoverySeconds: Double?
    /// From the window's start until completions, having fallen below 80 % of the offered rate, are back at it
    /// (0 when they never fell); nil if they never came back. A node loss's failover time.
    public var failoverSeconds: Double?
    /// Orders offered from the window's start until completions were back: the ones the failover stalled.
    public var stalledOrders: Int?
    /// From the window's end until the last order sent before it completed.
    public var backlogClearedSeconds: Double?
    public var deadLettersExpected: Int?
    public var deadLettersSeen: Int?
    /// The reasons the segment's dead letters carry (distinct), and how many carried none.
    public var deadLetterReasons: [String] = []
    public var deadLettersWithoutReason = 0
    public var timeline: [SecondBucket] = []

    /// Every unit taken is a completed order's or a listed stranded order's: nothing taken unaccounted for.
    public var consistent: Bool { stockTaken == stockForCompleted + (strandedUnits ?? 0) }
    /// Every unit taken is a completed order's: what a drain waits for, since a stranded order may yet
    /// complete (a redelivery still on its way).
    public var settled: Bool { stockTaken == stockForCompleted }
    public var refusedTotal: Int { refused.values.reduce(0, +) }

    public init() {}

    enum CodingKeys: String, CodingKey {
        case offered, accepted, refused, unanswered, completed, lost, recovered, unexpected, timeline
        case unansweredOutsideWindow = "unanswered_outside_window"
        case unansweredReasons = "unanswered_reasons"
        case refusedWithoutReason = "refused_without_reason"
        case rejectedAsMeant = "rejected_as_meant"
        case lostSample = "lost_sample"
        case recoveredSample = "recovered_sample"
        case stranded
        case strandedSample = "stranded_sample"
        case strandedUnits = "stranded_units"
        case orderViolations = "order_violations"
        case orderViolationSample = "order_violation_sample"
        case orderingUsersChecked = "ordering_users_checked"
        case duplicatedCompletions = "duplicated_completions"
        case doubleReservations = "double_reservations"
        case ledgerReservedUnits = "ledger_reserved_units"
        case stockTaken = "stock_taken"
        case earlierSegmentsReserved = "earlier_segments_reserved"
        case earlierSegmentsUnits = "earlier_segments_units"
        case stockForCompleted = "stock_for_completed"
        case clientLatency = "client_latency"
        case completionLatency = "completion_latency"
        case readerBacklogPeak = "reader_backlog_peak"
        case readerCaughtUpSeconds = "reader_caught_up_s"
        case readerBacklogAtEnd = "reader_backlog_at_end"
        case recoverySeconds = "recovery_s"
        case failoverSeconds = "failover_s"
        case stalledOrders = "stalled_orders"
        case backlogClearedSeconds = "backlog_cleared_s"
        case deadLettersExpected = "dead_letters_expected"
        case deadLettersSeen = "dead_letters_seen"
        case deadLetterReasons = "dead_letter_reasons"
        case deadLettersWithoutReason = "dead_letters_without_reason"
    }

    /// Counts of one second of the segment.
    public struct SecondBucket: Codable, Sendable, Hashable {
        public var second: Int
        public var offered = 0
        public var accepted = 0
        public var completed = 0

        public init(second: Int) { self.second = second }
    }
}
