import AsyncHTTPClient
import Brokers
import LabKit
import OrderDomain

/// A part's lab as the comparison drives it: the same workload and faults
/// against every model, with what each model records read back per order id.
public protocol ComparedLab: OrderLab {
    /// The model's service processes, by role.
    var services: RunningServices { get }
    /// The inventory process the "inventory down" fault stops and restarts.
    var inventory: ServiceProcess { get }
    /// Every process of the model, by role, for cost figures (the broker too, when the lab owns it).
    var costedProcesses: [String: Int32] { get async }
    /// The consumer a crash fault kills; nil when the model has none, with the reason.
    var crashableConsumer: Result<ServiceProcess, NotApplicable> { get }
    /// The broker a pause fault freezes; nil reason when the model has none or does not own it.
    var pausableBroker: Result<LabBroker, NotApplicable> { get }
    /// Orders whose workflow completed since `since`, with when: notified (A, B) or reserved (C).
    func completions(since: Timestamp) async throws -> [SentNotification]
    /// Every reservation the inventory decided since `since`.
    func ledgerEntries(since: Timestamp) async throws -> [LedgerEntry]
    /// Writes `body` straight into the transport, as a broken producer would.
    func sendPoisonMessage(_ body: String) async throws -> Result<Void, NotApplicable>
    /// Writes one OrderPlaced for `order` twice with the same message id, past the order service.
    func sendDuplicateMessage(_ order: Order) async throws -> Result<Void, NotApplicable>
    /// Messages in the dead-letter queue or topic; not applicable without a broker.
    func deadLetters() async throws -> Result<Int, NotApplicable>
    /// Why each dead letter was dead-lettered, oldest first, as the dead letters themselves say.
    func deadLetterReasons() async throws -> Result<[String], NotApplicable>
    /// Dead-letter records one poison message makes (a topic read by two groups gets two).
    var deadLettersPerPoisonMessage: Int { get }
    /// Live readings of the transport (empty without one); a reading that fails is left out.
    func transportGauges() async -> [TransportGauge]
    /// Rebuilds derived state from the log and says what changed; not applicable without a log.
    func replay() async throws -> Result<String, NotApplicable>
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

    public init(
        executable: String, workDirectory: String, stock: StockLevels, environment: [String: String],
        downstreamTimeout: Duration
    ) {
        self.executable = executable
        self.workDirectory = workDirectory
        self.stock = stock
        self.environment = environment
        self.downstreamTimeout = downstreamTimeout
    }
}

/// A part that runs the ordering workflow and can be put in the comparison.
public protocol ComparablePart: Part {
    /// The model's short name in the report's columns, e.g. `A: sync REST`.
    static var modelName: String { get }
    static func startCompared(_ setup: ComparedLabSetup, http: HTTPClient, progress: ProgressLog) async throws
        -> any ComparedLab
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
        if let pid = broker?.processID { pids["broker"] = pid }
        return pids
    }
}
