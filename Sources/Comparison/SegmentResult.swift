/// One segment's outcome with what was done to the model and when.
public struct SegmentResult: Codable, Sendable {
    public var outcome: FaultOutcome
    public var events: [Event]
    /// Parts of the fault that did not apply to this model, and why.
    public var notes: [String]
    public var windowStart: Double
    public var windowEnd: Double

    public struct Event: Codable, Sendable, Hashable {
        public var seconds: Double
        public var what: String
    }
}
