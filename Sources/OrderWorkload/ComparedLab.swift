import AsyncHTTPClient
import Brokers
import Faults
import LabKit
import OrderDomain

/// A part's lab as the comparison drives it: what every model can do — read
/// back, per order id, what it recorded, and name its processes for cost
/// figures. What only some models can do is a capability of its own
/// (``ConsumerCrashing``, ``BrokerPausing``, ``MessageInjecting``,
/// ``DeadLetterReading``, ``TransportGauging``, ``Replaying``); for one a
/// model lacks, it says why in ``whyNot(_:)`` and the comparison prints
/// "n/a" with that reason.
public protocol ComparedLab: OrderLab {
    /// The model's service processes, by role.
    var services: RunningServices { get }
    /// The inventory process the "inventory down" fault stops and restarts.
    var inventory: ServiceProcess { get }
    /// Every process of the model, by role, for cost figures (the broker too, when the lab owns it).
    var costedProcesses: [String: Int32] { get async }
    /// Orders whose workflow completed since `since`, with when: notified (A, B) or reserved (C).
    func completions(since: Timestamp) async throws -> [SentNotification]
    /// Every reservation the inventory decided since `since`.
    func ledgerEntries(since: Timestamp) async throws -> [LedgerEntry]
    /// Why the model lacks `capability`, in its own words; asked only for a capability it lacks.
    func whyNot(_ capability: LabCapability) -> String
}

/// What only some models can do.
public enum LabCapability: String, Sendable, CaseIterable {
    case consumerCrash = "consumer_crash"
    case brokerPause = "broker_pause"
    case brokerCrash = "broker_crash"
    case brokerNodeLoss = "broker_node_loss"
    case messageInjection = "message_injection"
    case deadLetters = "dead_letters"
    case transportGauges = "transport_gauges"
    case replay
    case orderLink = "order_link"
    case consumerLink = "consumer_link"
    case readerLink = "reader_link"
    case consumerScaling = "consumer_scaling"
}

/// A model with a consumer process the crash fault can SIGKILL.
public protocol ConsumerCrashing: ComparedLab {
    var consumer: ServiceProcess { get }
}

/// A model with a broker; the lab may pause it when it started it and its engine can.
public protocol BrokerPausing: ComparedLab {
    var broker: LabBroker { get }
}

/// A model whose broker may run replicated: the queue whose leading node a node loss takes.
public protocol NodeLosing: BrokerPausing {
    var leaderQueue: String { get }
}

/// A model with a transport the lab can write into past the order service.
public protocol MessageInjecting: ComparedLab {
    /// Writes `event` where the order service writes it, confirmed, as another producer would.
    func publish(_ event: OrderPlaced) async throws
    /// Writes `body` straight into the transport, as a broken producer would.
    func publishRaw(_ body: String) async throws
}

extension MessageInjecting {
    /// Writes `body` past the order service: a poison message.
    public func sendPoisonMessage(_ body: String) async throws {
        try await publishRaw(body)
    }

    /// Writes one OrderPlaced for `order` twice with the same message id, past the order service.
    public func sendDuplicateMessage(_ order: Order) async throws {
        let event = OrderPlaced(order: order)
        try await publish(event)
        try await publish(event)
    }
}

/// A model that keeps what it could not process.
public protocol DeadLetterReading: ComparedLab {
    /// Messages in the dead-letter queue or topic.
    func deadLetters() async throws -> Int
    /// Why each dead letter was dead-lettered, oldest first, as the dead letters themselves say.
    func deadLetterReasons() async throws -> [String]
    /// Dead-letter records one poison message makes (a topic read by two groups gets two).
    var deadLettersPerPoisonMessage: Int { get }
}

/// A model whose transport can be read while it runs (queue depths, lag).
public protocol TransportGauging: ComparedLab {
    /// Live readings; a reading that fails is left out.
    func transportGauges() async -> [TransportGauge]
}

/// A model whose inventory can run as several instances that share the orders between them.
public protocol ConsumerScaling: ComparedLab {
    /// The inventory's instances; add and remove them while orders flow.
    var inventoryInstances: RoleInstances { get }
    /// How the transport shares orders among instances, in a sentence for the report.
    var instanceSharing: String { get }
    /// How many instances can hold work at once (a group's members beyond its partitions get none), and
    /// why; nil when the transport sets no such limit.
    var busyInstanceLimit: (count: Int, why: String)? { get }
}

/// A model that keeps a log its derived state can be rebuilt from.
public protocol Replaying: ComparedLab {
    /// Rebuilds derived state from the log and says what changed; refused (with the reason) when it cannot now.
    func replay() async throws -> Result<String, NotApplicable>
}

extension ComparedLab {
    /// Why the model cannot do `capability`, or nil when it can (a broker it does not own cannot be paused).
    public func lacks(_ capability: LabCapability) -> NotApplicable? {
        let lab: any ComparedLab = self
        let has: Bool
        switch capability {
        case .brokerPause, .brokerCrash:
            guard let broker = (lab as? any BrokerPausing)?.broker else { return NotApplicable(whyNot(capability)) }
            if capability == .brokerCrash, let loses = broker.crashLoses {
                // Measured 2026-12-03 in CI: after the restart the consumers took over a minute to read again,
                // and the late completions spilled into the next segment's counts. Counted in the part's own
                // broker-crash scenario instead, until the segment can wait for that.
                return NotApplicable(
                    "\(loses); its loss is counted in the part's broker-crash scenario, not here: its consumers "
                        + "can take over a minute to read again, longer than a segment's drain")
            }
            return broker.whyNot(capability == .brokerPause ? .pause : .crash).map(NotApplicable.init)
        case .brokerNodeLoss:
            guard let broker = (lab as? any BrokerPausing)?.broker else { return NotApplicable(whyNot(capability)) }
            if let reason = broker.whyNot(.nodeLoss) { return NotApplicable(reason) }
            return lab is any NodeLosing ? nil : NotApplicable(whyNot(capability))
        case .consumerCrash: has = lab is any ConsumerCrashing
        case .messageInjection: has = lab is any MessageInjecting
        case .deadLetters: has = lab is any DeadLetterReading
        case .transportGauges: has = lab is any TransportGauging
        case .replay: has = lab is any Replaying
        case .consumerScaling: has = lab is any ConsumerScaling
        case .orderLink:
            guard let cutting = lab as? any OrderLinkCutting else { return NotApplicable(whyNot(capability)) }
            return ServiceLink.unavailable(cutting.orderService, role: "order service")
        case .consumerLink:
            guard let cutting = lab as? any ConsumerLinkCutting else { return NotApplicable(whyNot(capability)) }
            return ServiceLink.unavailable(cutting.consumerService, role: "inventory consumer")
        case .readerLink:
            guard let cutting = lab as? any ReaderLinkCutting else { return NotApplicable(whyNot(capability)) }
            return ServiceLink.unavailable(cutting.readerLinkService, role: cutting.readerLinkRole)
        }
        return has ? nil : NotApplicable(whyNot(capability))
    }

    /// A model that can do everything names nothing it lacks.
    public func whyNot(_ capability: LabCapability) -> String {
        "\(capability.rawValue): not built for this model"
    }

    /// The consumer the crash fault kills, when the model has one.
    public var crashableConsumer: ServiceProcess? { ((self as any ComparedLab) as? any ConsumerCrashing)?.consumer }

    /// The broker the pause fault freezes, when the model has one the lab may pause.
    public var pausableBroker: LabBroker? {
        guard lacks(.brokerPause) == nil else { return nil }
        return ((self as any ComparedLab) as? any BrokerPausing)?.broker
    }

    /// The broker the crash fault kills and starts again, when the model has one the lab may crash.
    public var crashableBroker: LabBroker? {
        guard lacks(.brokerCrash) == nil else { return nil }
        return ((self as any ComparedLab) as? any BrokerPausing)?.broker
    }

    /// Sets `plan` on every inventory instance (one, unless the model scales out).
    public func setFaultsOnEveryInventory(_ plan: FaultPlan) async throws {
        guard let scaling = (self as any ComparedLab) as? any ConsumerScaling else {
            return try await setInventoryFaults(plan)
        }
        for instance in try await scaling.inventoryInstances.urls {
            try await client.setFaults(plan, at: instance.url)
        }
    }

    /// The model's transport readings; none without a transport.
    public func readGauges() async -> [TransportGauge] {
        await ((self as any ComparedLab) as? any TransportGauging)?.transportGauges() ?? []
    }
}

/// Why a fault or a figure does not apply to a model, said in the report instead of a blank.
public struct NotApplicable: Error, Sendable, Hashable, CustomStringConvertible {
    public var reason: String
    public init(_ reason: String) { self.reason = reason }
    public var description: String { reason }
}

/// What the comparison gives every model's lab.
public struct ComparedLabSetup: Sendable {
    public var executable: String
    public var workDirectory: String
    public var stock: StockLevels
    public var environment: [String: String]
    /// Part A's deadline per downstream call; the brokered parts' own deadlines are their defaults.
    public var downstreamTimeout: Duration
    /// Partitions of a log model's topics; nil: the model's own choice. Models without partitions ignore it.
    public var partitions: Int?
    /// One broker node, or replicated; a model that cannot run the deployment says so before it starts.
    public var deployment: Deployment

    public init(
        executable: String, workDirectory: String, stock: StockLevels, environment: [String: String],
        downstreamTimeout: Duration, partitions: Int? = nil, deployment: Deployment = .single
    ) {
        self.deployment = deployment
        self.executable = executable
        self.workDirectory = workDirectory
        self.stock = stock
        self.environment = environment
        self.downstreamTimeout = downstreamTimeout
        self.partitions = partitions
    }
}

/// A part that runs the ordering workflow and can be put in the comparison.
public protocol ComparablePart: Part {
    /// The lab the comparison starts for this part.
    associatedtype ComparedLabType: StartableComparedLab
    /// The model's short name in the report's columns, e.g. `A: sync REST`.
    static var modelName: String { get }
    static func startCompared(_ setup: ComparedLabSetup, http: HTTPClient, progress: ProgressLog) async throws
        -> any ComparedLab
    /// Why the model cannot run `deployment`, or nil when it can.
    static func unavailable(_ deployment: Deployment) -> String?
}

extension ComparablePart {
    public static func startCompared(_ setup: ComparedLabSetup, http: HTTPClient, progress: ProgressLog) async throws
        -> any ComparedLab
    {
        try await ComparedLabType.start(ComparedLabType.options(compared: setup), http: http, progress: progress)
    }

    /// A model runs on one broker node unless it says it can run replicated.
    public static func unavailable(_ deployment: Deployment) -> String? {
        deployment == .single ? nil : "its \(deployment.rawValue) deployment is not built yet"
    }
}

/// A lab the comparison can start from its setup alone; the part says only how
/// the setup becomes the lab's options.
public protocol StartableComparedLab: ComparedLab {
    associatedtype Options: Sendable
    static func start(_ options: Options, http: HTTPClient, progress: ProgressLog) async throws -> Self
    static func options(compared setup: ComparedLabSetup) -> Options
}

extension NotifyingOrderLab {
    /// Notified orders: the end of the workflow in parts A and B.
    public func completions(since: Timestamp) async throws -> [SentNotification] {
        try await client.getJSON(notificationURL + "/notifications?since_us=\(since.microsecondsSinceEpoch)")
    }
}

extension OrderLab {
    public func ledgerEntries(since: Timestamp) async throws -> [LedgerEntry] {
        try await client.getJSON(inventoryURL + "/reservations?since_us=\(since.microsecondsSinceEpoch)")
    }

    /// Pids of `services` by role, plus the broker's when the lab owns it.
    public func processIDs(of services: RunningServices, broker: LabBroker?) async -> [String: Int32] {
        var pids: [String: Int32] = [:]
        for entry in services.entries {
            if let pid = await entry.process.pid { pids[entry.role] = pid }
        }
        if let broker { pids.merge(broker.processIDs) { first, _ in first } }
        return pids
    }
}

extension PartRun {
    /// Starts `Lab` as the comparison does, with `stock`, in an emptied work
    /// folder, and stops it after `body`: a benchmark measures the lab the
    /// comparison runs.
    public func withComparedLab<Lab: StartableComparedLab, Result>(
        _: Lab.Type, stock: StockLevels, downstreamTimeout: Duration = .seconds(5), connectionsPerHost: Int = 64,
        _ body: (Lab) async throws -> Result
    ) async throws -> Result {
        let setup = ComparedLabSetup(
            executable: executable, workDirectory: workDirectory, stock: stock, environment: environment,
            downstreamTimeout: downstreamTimeout)
        return try await withFreshLab(
            connectionsPerHost: connectionsPerHost,
            start: { try await Lab.start(Lab.options(compared: setup), http: $0, progress: progress) }, body)
    }
}
