/// One figure a benchmark measured, beside the ceiling it was measured
/// against in the same run (the bare broker, the bare client, a loopback
/// round trip) and the target it was set, so a reader sees how far from the
/// limit the lab runs.
public struct BenchmarkFigure: Codable, Sendable, Hashable {
    public var name: String
    public var value: Double
    public var unit: String
    /// What bounds the figure, measured in the same run; nil when nothing does.
    public var ceilingName: String?
    public var ceiling: Double?
    /// The target the issue set, in words ("≥ 6,000/s").
    public var target: String?
    /// Whether the target is met; nil without a target.
    public var met: Bool?

    public init(
        name: String, value: Double, unit: String, ceilingName: String? = nil, ceiling: Double? = nil,
        target: String? = nil, met: Bool? = nil
    ) {
        self.name = name
        self.value = value
        self.unit = unit
        self.ceilingName = ceilingName
        self.ceiling = ceiling
        self.target = target
        self.met = met
    }

    /// value / ceiling, for rates; for times (ms, s) the ceiling is a floor and the share is ceiling / value.
    public var share: Double? {
        guard let ceiling, ceiling > 0, value > 0 else { return nil }
        return unit == "ms" || unit == "s" ? ceiling / value : value / ceiling
    }

    enum CodingKeys: String, CodingKey {
        case name, value, unit, ceiling, target, met
        case ceilingName = "ceiling_name"
    }
}
