import OrderDomain

/// Everything one fault segment left behind, read back after its drain:
/// what the client saw, and what the model recorded per order id.
public struct SegmentEvidence: Sendable {
    /// Wall-clock start of the segment (µs since the epoch), the zero of every offset.
    public var startMicroseconds: Int64
    public var rate: Double
    /// The fault window, seconds after the start.
    public var windowStart: Double
    public var windowEnd: Double
    /// When the fault was actually lifted, seconds after the start: a little after ``windowEnd`` (removing
    /// rules, thawing a process takes its time). Nil when not recorded.
    public var faultLifted: Double?
    /// Seconds of stream the segment offered: its timeline spans at least these.
    public var streamSeconds: Double
    /// The share of offered orders that are meant to fail (not expected to complete).
    public var meantToFailShare: Double
    public var records: [ClientRecord]
    /// Orders written straight to the transport (duplicate messages), by id and quantity.
    public var directOrders: [String: Int]
    public var completions: [SentNotification]
    public var ledger: [LedgerEntry]
    /// Units the inventory's stock fell by over the segment, all items together.
    public var stockTaken: Int
    /// Dead letters the poison messages should have made, and the count that appeared.
    public var deadLettersExpected: Int?
    public var deadLettersSeen: Int?
    /// What every order id of this segment starts with, so a completion of one it never sent is seen.
    public var orderIDPrefix: String?
    /// The work waiting for the order's other reader, read about once a second through the segment (none for
    /// a model that cannot say).
    public var readerBacklog: [BacklogSample] = []

    /// One reading of a backlog, seconds after the segment's start.
    public struct BacklogSample: Sendable, Hashable {
        public var seconds: Double
        public var value: Int

        public init(seconds: Double, value: Int) {
            self.seconds = seconds
            self.value = value
        }
    }

    public init(
        startMicroseconds: Int64, rate: Double, windowStart: Double, windowEnd: Double, streamSeconds: Double = 0,
        meantToFailShare: Double,
        records: [ClientRecord], directOrders: [String: Int] = [:], completions: [SentNotification],
        ledger: [LedgerEntry], stockTaken: Int, deadLettersExpected: Int? = nil, deadLettersSeen: Int? = nil,
        orderIDPrefix: String? = nil
    ) {
        self.startMicroseconds = startMicroseconds
        self.rate = rate
        self.windowStart = windowStart
        self.windowEnd = windowEnd
        self.streamSeconds = streamSeconds
        self.meantToFailShare = meantToFailShare
        self.records = records
        self.directOrders = directOrders
        self.completions = completions
        self.ledger = ledger
        self.stockTaken = stockTaken
        self.deadLettersExpected = deadLettersExpected
        self.deadLettersSeen = deadLettersSeen
        self.orderIDPrefix = orderIDPrefix
    }
}
