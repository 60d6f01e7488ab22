/// How the comparison looks for a model's highest sustainable rate: open-loop
/// steps of the workload's own orders at doubling rates from `startRate`,
/// stopped at the first step the model does not sustain, then halved
/// `refinements` times between the last step it sustained and that one (the
/// max-rate search of OpenMessaging Benchmark, in coarse steps).
///
/// A step is sustained when the client's p99 is within the SLO, every order is
/// decided (completed, or refused as meant) with none lost, and the last order
/// of the step completes within `backlogClearSeconds` of the stream's end: a
/// backlog that grew during the step would take longer to clear.
public struct CapacitySettings: Codable, Sendable, Hashable {
    public var sloP99Milliseconds: Double
    public var startRate: Double
    public var maximumRate: Double
    public var stepSeconds: Double
    public var refinements: Int
    public var backlogClearSeconds: Double

    public init(
        sloP99Milliseconds: Double = 50, startRate: Double = 100, maximumRate: Double = 6_400,
        stepSeconds: Double = 5, refinements: Int = 2, backlogClearSeconds: Double = 1
    ) {
        self.sloP99Milliseconds = sloP99Milliseconds
        self.startRate = startRate
        self.maximumRate = maximumRate
        self.stepSeconds = stepSeconds
        self.refinements = refinements
        self.backlogClearSeconds = backlogClearSeconds
    }

    enum CodingKeys: String, CodingKey {
        case refinements
        case sloP99Milliseconds = "slo_p99_ms"
        case startRate = "start_rate"
        case maximumRate = "max_rate"
        case stepSeconds = "step_s"
        case backlogClearSeconds = "backlog_clear_s"
    }

    /// What one client process can offer open loop and still time each order from its intended send.
    public static let highestRate: Double = 20_000

    /// The keys of its section in the workload file.
    static let keys = Set(
        [CodingKeys.sloP99Milliseconds, .startRate, .maximumRate, .stepSeconds, .refinements, .backlogClearSeconds]
            .map(\.rawValue))

    /// The doubling rates, up to the maximum.
    public var doublingRates: [Double] {
        var rates: [Double] = []
        var rate = startRate
        while rate <= maximumRate {
            rates.append(rate)
            rate *= 2
        }
        return rates
    }

    /// The most orders a search can send: every doubling step and every refinement below the maximum.
    public var ordersUpperBound: Int {
        let doubling = doublingRates.reduce(0) { $0 + $1 * stepSeconds }
        return Int((doubling + Double(refinements) * maximumRate * stepSeconds).rounded(.up))
    }

    /// The rate of the search's next step given the steps so far (rate, sustained), or nil when it is done:
    /// doubling while every step is sustained, then halving the gap between the highest rate sustained and
    /// the lowest not, `refinements` times.
    public func nextRate(after steps: [(rate: Double, sustained: Bool)]) -> Double? {
        let doubling = doublingRates
        guard let firstFailure = steps.firstIndex(where: { !$0.sustained }) else {
            return steps.count < doubling.count ? doubling[steps.count] : nil
        }
        guard steps.count - (firstFailure + 1) < refinements else { return nil }
        let high = steps.filter { !$0.sustained }.map(\.rate).min() ?? 0
        let low = steps.filter { $0.sustained && $0.rate < high }.map(\.rate).max() ?? 0
        let middle = ((low + high) / 2).rounded()
        return middle > low && middle < high ? middle : nil
    }
}
