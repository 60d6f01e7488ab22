/// What the lab can do to a broker it started, as its engine does it; a
/// control left nil is a fault the engine does not support.
public struct BrokerControls: Sendable {
    /// The broker's own process, found anew each time (a restart may change it).
    public var processID: (@Sendable () -> Int32?)?
    /// Every process of a broker of several (a cluster's nodes), by a name for reports; nil for one process,
    /// which `processID` gives.
    public var memberProcessIDs: (@Sendable () -> [String: Int32])?
    /// Stops the broker and whatever it started.
    public var stop: (@Sendable () async -> Void)?
    /// Stops the broker's application and starts it again on the same data.
    public var restart: (@Sendable () async throws -> Void)?
    /// Raises (true) or clears (false) a resource alarm that blocks every publisher.
    public var blockPublishers: (@Sendable (Bool) async throws -> Void)?
    /// SIGKILLs the broker, waits the given time, and starts it again from its data on the same address.
    public var crash: (@Sendable (Duration) async throws -> Void)?
    /// Does a node fault to a replicated broker (``BrokerNodeAction``) and says what it did to which node.
    public var nodeAction: (@Sendable (BrokerNodeAction) async throws -> String)?
    /// Why the engine cannot do a fault it leaves out, in its own words.
    public var limits: [BrokerProcessFault: String]
    /// What a crash loses and why, for an engine that keeps its data in memory; nil when it keeps its data.
    public var crashLoses: String?

    public init(
        processID: (@Sendable () -> Int32?)? = nil, stop: (@Sendable () async -> Void)? = nil,
        restart: (@Sendable () async throws -> Void)? = nil,
        blockPublishers: (@Sendable (Bool) async throws -> Void)? = nil,
        crash: (@Sendable (Duration) async throws -> Void)? = nil,
        nodeAction: (@Sendable (BrokerNodeAction) async throws -> String)? = nil,
        memberProcessIDs: (@Sendable () -> [String: Int32])? = nil,
        limits: [BrokerProcessFault: String] = [:], crashLoses: String? = nil
    ) {
        self.nodeAction = nodeAction
        self.memberProcessIDs = memberProcessIDs
        self.processID = processID
        self.stop = stop
        self.restart = restart
        self.blockPublishers = blockPublishers
        self.crash = crash
        self.limits = limits
        self.crashLoses = crashLoses
    }
}
