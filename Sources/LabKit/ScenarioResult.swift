/// What a scenario found: its checks (each passes or fails), its figures,
/// tables for the report, and charts for `screenshots/`.
public struct ScenarioResult: Codable, Sendable {
    public var name: String
    public var title: String
    public var checks: [Check] = []
    public var figures: [Figure] = []
    public var latencies: [NamedLatency] = []
    public var tables: [Table] = []
    /// Not part of the JSON: rendered into SVG files instead.
    public var charts: [Chart] = []
    public var elapsedSeconds: Double = 0

    public init(name: String, title: String) {
        self.name = name
        self.title = title
    }

    public var passed: Bool { !checks.isEmpty && checks.allSatisfy(\.passed) }

    /// Adds a check; returns whether it passed so a scenario can stop early.
    @discardableResult
    public mutating func check(_ name: String, _ passed: Bool, _ detail: String) -> Bool {
        checks.append(Check(name: name, passed: passed, detail: detail))
        return passed
    }

    public mutating func figure(_ name: String, _ value: Double, unit: String) {
        figures.append(Figure(name: name, value: value, unit: unit))
    }

    public mutating func latency(_ name: String, _ summary: LatencySummary) {
        latencies.append(NamedLatency(name: name, summary: summary))
    }

    enum CodingKeys: String, CodingKey {
        case name, title, checks, figures, latencies, tables, passed
        case elapsedSeconds = "elapsed_s"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        title = try container.decode(String.self, forKey: .title)
        checks = try container.decode([Check].self, forKey: .checks)
        figures = try container.decode([Figure].self, forKey: .figures)
        latencies = try container.decode([NamedLatency].self, forKey: .latencies)
        tables = try container.decode([Table].self, forKey: .tables)
        elapsedSeconds = try container.decode(Double.self, forKey: .elapsedSeconds)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(title, forKey: .title)
        try container.encode(passed, forKey: .passed)
        try container.encode(checks, forKey: .checks)
        try container.encode(figures, forKey: .figures)
        try container.encode(latencies, forKey: .latencies)
        try container.encode(tables, forKey: .tables)
        try container.encode(elapsedSeconds, forKey: .elapsedSeconds)
    }

    /// A pass/fail assertion with what was observed.
    public struct Check: Codable, Sendable {
        public var name: String
        public var passed: Bool
        public var detail: String
    }

    /// A measured number with its unit.
    public struct Figure: Codable, Sendable {
        public var name: String
        public var value: Double
        public var unit: String
    }

    public struct NamedLatency: Codable, Sendable {
        public var name: String
        public var summary: LatencySummary
    }

    /// A small table for the Markdown report.
    public struct Table: Codable, Sendable {
        public var title: String
        public var header: [String]
        public var rows: [[String]]

        public init(title: String, header: [String], rows: [[String]]) {
            self.title = title
            self.header = header
            self.rows = rows
        }
    }
}
