/// One model's search for its highest sustainable rate: every step it ran,
/// the highest rate it sustained, and what stopped it above that.
public struct CapacityResult: Codable, Sendable, Hashable {
    public var settings: CapacitySettings
    /// In the order they ran: doubling steps, then the refinements.
    public var steps: [CapacityStep]
    /// Why the search ended early (an interrupt, a step that could not run); nil when it ran through.
    public var error: String?

    public init(settings: CapacitySettings, steps: [CapacityStep] = [], error: String? = nil) {
        self.settings = settings
        self.steps = steps
        self.error = error
    }

    /// The highest offered rate a step sustained.
    public var sustained: CapacityStep? {
        steps.filter(\.sustained).max { $0.offeredPerSecond < $1.offeredPerSecond }
    }

    /// The lowest offered rate a step did not sustain, with its reasons.
    public var firstUnsustained: CapacityStep? {
        steps.filter { !$0.sustained }.min { $0.offeredPerSecond < $1.offeredPerSecond }
    }

    /// Every step that ran, by offered rate: the latency–throughput curve.
    public var curve: [CapacityStep] { steps.sorted { $0.offeredPerSecond < $1.offeredPerSecond } }

    enum CodingKeys: String, CodingKey {
        case settings, steps, error
    }
}
