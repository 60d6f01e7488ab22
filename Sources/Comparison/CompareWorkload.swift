import Faults
import OrderWorkload

/// The comparison's experiment, as its YAML file states it: the open-loop
/// rate, the order mix, the seed, and the schedule of fault windows. The same
/// file gives the same orders and the same faults to every model.
public struct CompareWorkload: Codable, Sendable, Hashable {
    /// Orders offered per second, open loop, to every model.
    public var rate: Double
    /// Seeds the order mix, so every model (and every rerun) gets the same orders.
    public var seed: UInt64
    /// How long the client waits for an answer before counting the order as unanswered.
    public var clientTimeoutMilliseconds: Int
    /// Part A's deadline per downstream call.
    public var downstreamTimeoutMilliseconds: Int
    /// After each fault segment, how long to wait for accepted orders to complete.
    public var drainLimitSeconds: Double
    public var phases: Phases
    public var mix: [MixEntry]
    public var meantToFail: MeantToFail
    public var faults: [FaultWindow]
    /// Where each brokered model's broker runs: one node (the default) or replicated; `--deployment` overrides.
    public var deployment: Deployment?
    /// The windows of the schedule the replicated deployment runs (what replication costs and what it buys);
    /// nil: all of them.
    public var replicatedFaults: [FaultKind]?
    /// The search for each model's highest sustainable rate; none leaves it out of the run.
    public var capacity: CapacitySettings?
    /// What `--quick` changes.
    public var quick: Quick?

    /// Seconds of steady stream before the fault, with it, and after it.
    public struct Phases: Codable, Sendable, Hashable {
        public var before: Double
        public var window: Double
        public var after: Double

        public var total: Double { before + window + after }
    }

    /// One kind of order in the mix.
    public struct MixEntry: Codable, Sendable, Hashable {
        public var item: String
        public var weight: Int
        /// Smallest and largest quantity, both included.
        public var quantity: [Int]
    }

    /// Orders the inventory must refuse (an item it does not stock): the mix's expected failures.
    public struct MeantToFail: Codable, Sendable, Hashable {
        public var share: Double
        public var item: String
    }

    public struct Quick: Codable, Sendable, Hashable {
        public var phases: Phases?
        public var drainLimitSeconds: Double?
        public var rate: Double?
        public var capacity: CapacitySettings?

        enum CodingKeys: String, CodingKey {
            case phases, rate, capacity
            case drainLimitSeconds = "drain_limit_s"
        }
    }

    enum CodingKeys: String, CodingKey {
        case rate, seed, phases, mix, faults, quick, capacity, deployment
        case replicatedFaults = "replicated_faults"
        case clientTimeoutMilliseconds = "client_timeout_ms"
        case downstreamTimeoutMilliseconds = "downstream_timeout_ms"
        case drainLimitSeconds = "drain_limit_s"
        case meantToFail = "meant_to_fail"
    }

    /// The workload `--quick` runs: shorter phases and drain, same mix and faults.
    public var quickened: CompareWorkload {
        var copy = self
        if let quick {
            copy.phases = quick.phases ?? phases
            copy.drainLimitSeconds = quick.drainLimitSeconds ?? drainLimitSeconds
            copy.rate = quick.rate ?? rate
            copy.capacity = quick.capacity ?? capacity
        }
        copy.quick = nil
        return copy
    }

    /// The workload `deployment` runs: the replicated one only its windows of the schedule.
    public func schedule(for deployment: Deployment) -> CompareWorkload {
        guard deployment == .replicated, let kinds = replicatedFaults else { return self }
        var copy = self
        copy.faults = faults.filter { kinds.contains($0.kind) }
        return copy
    }

    /// Every units' worth of stock a run could take, per item: the stock each model starts with, so that
    /// only the orders meant to fail do.
    public func stockCovering(orders: Int) -> [String: Int] {
        var stock: [String: Int] = [:]
        for entry in mix { stock[entry.item] = orders * (entry.quantity.last ?? 1) * 2 + 1_000 }
        return stock
    }
}

/// One window of the fault schedule and its parameters.
public struct FaultWindow: Codable, Sendable, Hashable {
    public var kind: FaultKind
    /// `inventory_slow`: added to each order's handling.
    public var delayMilliseconds: Int?
    /// `inventory_failing`: share of requests or messages that error.
    public var errorRate: Double?
    /// `consumer_crash`: how long the consumer stays dead after its SIGKILL.
    public var restartAfterMilliseconds: Int?
    /// `poison_input` and `duplicate_delivery`: share of the window's orders sent bad or twice.
    public var share: Double?
    /// `poison_input` and `duplicate_delivery`: messages written straight to the queue or topic.
    public var messages: Int?
    /// `link_loss`: share of the link's packets dropped.
    public var loss: Double?
    /// `link_latency`: added to each packet toward the peer, and how much that varies either way.
    public var latencyMilliseconds: Int?
    public var jitterMilliseconds: Int?
    /// `link_bandwidth`: the most the link passes each way.
    public var rateKilobitsPerSecond: Double?

    public init(
        kind: FaultKind, delayMilliseconds: Int? = nil, errorRate: Double? = nil, restartAfterMilliseconds: Int? = nil,
        share: Double? = nil, messages: Int? = nil, loss: Double? = nil, latencyMilliseconds: Int? = nil,
        jitterMilliseconds: Int? = nil, rateKilobitsPerSecond: Double? = nil
    ) {
        self.kind = kind
        self.delayMilliseconds = delayMilliseconds
        self.errorRate = errorRate
        self.restartAfterMilliseconds = restartAfterMilliseconds
        self.share = share
        self.messages = messages
        self.loss = loss
        self.latencyMilliseconds = latencyMilliseconds
        self.jitterMilliseconds = jitterMilliseconds
        self.rateKilobitsPerSecond = rateKilobitsPerSecond
    }

    enum CodingKeys: String, CodingKey {
        case kind, share, messages, loss
        case delayMilliseconds = "delay_ms"
        case errorRate = "error_rate"
        case restartAfterMilliseconds = "restart_after_ms"
        case latencyMilliseconds = "latency_ms"
        case jitterMilliseconds = "jitter_ms"
        case rateKilobitsPerSecond = "rate_kbit_s"
    }

    /// The window's parameters by their key in the file.
    public var values: [String: Double] {
        var values: [String: Double] = [:]
        values["delay_ms"] = delayMilliseconds.map(Double.init)
        values["error_rate"] = errorRate
        values["restart_after_ms"] = restartAfterMilliseconds.map(Double.init)
        values["share"] = share
        values["messages"] = messages.map(Double.init)
        values["loss"] = loss
        values["latency_ms"] = latencyMilliseconds.map(Double.init)
        values["jitter_ms"] = jitterMilliseconds.map(Double.init)
        values["rate_kbit_s"] = rateKilobitsPerSecond
        return values
    }

    /// What the report calls this window, parameters included.
    public var label: String { kind.label(values) }
}
