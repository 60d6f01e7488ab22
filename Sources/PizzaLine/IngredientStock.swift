/// A machine's ingredients: one unit per pizza. At or below the threshold the
/// machine asks the goods provider for more and pauses until it arrives, so
/// the stock never goes below zero.
public actor IngredientStock {
    public struct Snapshot: Codable, Sendable {
        public var units: Int
        public var lowest: Int
        public var restocking: Bool
        public var restockRequests: Int
        public var restocksReceived: Int
        /// Seconds the machine waited for ingredients.
        public var pausedSeconds: Double
        /// When each pause began and ended (ms since the epoch), for the timeline.
        public var pauses: [[Int64]]
    }

    private var units: Int
    private var lowest: Int
    private let threshold: Int
    private let restockUnits: Int
    private var restocking = false
    private var waiters: [CheckedContinuation<Void, Never>] = []
    private var requests = 0
    private var received = 0
    private var pausedSince: ContinuousClock.Instant?
    private var paused: Duration = .zero
    private var pauses: [[Int64]] = []
    private let request: @Sendable (Int) async -> Void

    /// `request(units)` sends the restock request (to `<machine>-restock`).
    public init(units: Int, threshold: Int = 10, restockUnits: Int, request: @escaping @Sendable (Int) async -> Void) {
        self.units = units
        self.lowest = units
        self.threshold = threshold
        self.restockUnits = restockUnits
        self.request = request
    }

    /// Takes one unit, first waiting while a restock is pending.
    public func take() async {
        if units <= threshold { await requestRestock() }
        while restocking || units <= 0 {
            await withCheckedContinuation { waiters.append($0) }
        }
        units -= 1
        lowest = min(lowest, units)
        if units <= threshold { await requestRestock() }
    }

    private func requestRestock() async {
        guard !restocking else { return }
        restocking = true
        requests += 1
        pausedSince = .now
        pauses.append([PizzaJSON.nowMilliseconds])
        await request(restockUnits)
    }

    /// Ingredients arrived: the machine resumes.
    public func refill(_ delivered: Int) {
        units += delivered
        received += 1
        restocking = false
        if let since = pausedSince {
            paused += ContinuousClock.now - since
            pausedSince = nil
            if !pauses.isEmpty { pauses[pauses.count - 1].append(PizzaJSON.nowMilliseconds) }
        }
        let resumed = waiters
        waiters = []
        for waiter in resumed { waiter.resume() }
    }

    public var snapshot: Snapshot {
        let open = pausedSince.map { ContinuousClock.now - $0 } ?? .zero
        let total = paused + open
        return Snapshot(
            units: units, lowest: lowest, restocking: restocking, restockRequests: requests,
            restocksReceived: received,
            pausedSeconds: Double(total.components.seconds) + Double(total.components.attoseconds) / 1e18,
            pauses: pauses)
    }
}
