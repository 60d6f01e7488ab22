import OrderWorkload

/// What the page shows, sent once a second: every model's recent history,
/// current state and gauges, and the event log.
struct DemoSnapshot: Codable, Sendable {
    var seconds: Double
    var rate: Double
    var models: [Model]
    var events: [DemoEvent]

    struct Model: Codable, Sendable {
        var letter: String
        var name: String
        var part: String
        var services: [ServiceState]
        var history: History
        var gauges: [TransportGauge]
        var stock: Int?
        var totals: Totals
        /// Controls that do not apply to this model, with the reason (button → reason).
        var notApplicable: [String: String]
    }

    struct ServiceState: Codable, Sendable, Hashable {
        var role: String
        /// `up`, `slow`, `failing`, `down`, `paused`, `unreachable`.
        var state: String
        var detail: String
    }

    /// One point per second, oldest first.
    struct History: Codable, Sendable {
        var t: [Int] = []
        var offered: [Int] = []
        var accepted: [Int] = []
        var refused: [Int] = []
        var completed: [Int] = []
        var p50: [Double?] = []
        var p99: [Double?] = []
        /// The sum of the transport's backlog (B: ready messages in the orders queue; C: the inventory group's lag).
        var backlog: [Int64] = []
    }

    struct Totals: Codable, Sendable {
        var offered: Int
        var accepted: Int
        var refused: Int
        var unanswered: Int
        var completed: Int
    }
}

/// Something done to one or all models, marked on every chart.
struct DemoEvent: Codable, Sendable, Hashable {
    var seconds: Double
    var model: String
    var what: String
}
