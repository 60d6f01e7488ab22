/// One segment's outcome with what was done to the model and when.
public struct SegmentResult: Codable, Sendable {
    public var outcome: FaultOutcome
    public var events: [Event]
    /// Parts of the fault that did not apply to this model, and why.
    public var notes: [String]
    public var windowStart: Double
    public var windowEnd: Double

    enum CodingKeys: String, CodingKey {
        case outcome, events, notes
        case windowStart = "window_start_s"
        case windowEnd = "window_end_s"
    }

    public struct Event: Codable, Sendable, Hashable {
        public var seconds: Double
        public var what: String

        enum CodingKeys: String, CodingKey {
            case what
            case seconds = "at_s"
        }
    }
}
