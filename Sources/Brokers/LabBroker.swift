import Foundation
import LabKit

/// The broker a lab runs against, whatever its engine: one the lab started
/// (stopped with the lab, and on Ctrl-C) or one the user named (left alone).
/// An engine module makes it (see ``BrokerEngine``); everything above knows
/// a broker only through this handle and the process faults it supports.
public struct LabBroker: Sendable {
    /// The engine's name, e.g. `rabbitmq`.
    public let engine: String
    /// What clients connect to: an AMQP URL, or Kafka bootstrap servers.
    public let address: String
    /// The engine's own control endpoint for the lab, when the lab started it (the embedded Kafka broker's).
    public let controlURL: String?
    /// A web console for people, when the broker has one (RabbitMQ's management UI, user guest/guest).
    public let consoleURL: String?
    /// The broker's own process, when the lab started it (for CPU figures and pauses).
    public var processID: Int32? { controls.processID?() }
    /// Every process of the broker by a name for reports: `broker`, or a cluster's nodes.
    public var processIDs: [String: Int32] {
        if let members = controls.memberProcessIDs { return members() }
        return processID.map { ["broker": $0] } ?? [:]
    }
    private let controls: BrokerControls
    private let stopOwned: (@Sendable () async -> Void)?
    private let interruptToken: Int?

    /// True when the lab started this broker and so may pause or stop it.
    public var isOwned: Bool { stopOwned != nil }

    /// A broker the user runs, at `address`: the lab neither pauses nor stops it.
    public init(external address: String, engine: String) {
        self.engine = engine
        self.address = address
        controlURL = nil
        consoleURL = nil
        controls = BrokerControls()
        stopOwned = nil
        interruptToken = nil
    }

    /// A broker the lab started: `controls.stop` runs when the lab stops it and when the run is interrupted.
    public init(
        owned address: String, engine: String, controlURL: String? = nil, consoleURL: String? = nil,
        controls: BrokerControls
    ) {
        self.engine = engine
        self.address = address
        self.controlURL = controlURL
        self.consoleURL = consoleURL
        self.controls = controls
        // A paused broker cannot stop: thaw it first, whoever stops it.
        let thawThenStop: @Sendable () async -> Void = {
            if let pid = controls.processID?() { ProcessPause.resume(pid) }
            await controls.stop?()
        }
        stopOwned = thawThenStop
        interruptToken = ChildProcessRegistry.addCleanup(thawThenStop)
    }

    /// The process faults this broker supports, from what its engine gave it.
    public var processFaults: Set<BrokerProcessFault> {
        guard isOwned else { return [] }
        var faults: Set<BrokerProcessFault> = []
        if controls.processID != nil { faults.insert(.pause) }
        if controls.restart != nil { faults.insert(.restart) }
        if controls.blockPublishers != nil { faults.insert(.blockPublishers) }
        if controls.crash != nil { faults.insert(.crash) }
        if controls.nodeAction != nil {
            faults.insert(.nodeLoss)
            if controls.limits[.quorumLoss] == nil { faults.insert(.quorumLoss) }
        }
        return faults
    }

    /// Why the lab cannot do `fault` to this broker, or nil when it can.
    public func whyNot(_ fault: BrokerProcessFault) -> String? {
        guard !processFaults.contains(fault) else { return nil }
        guard isOwned else { return "the environment names a \(engine) broker the lab does not own" }
        return controls.limits[fault] ?? "the \(engine) engine does not support it"
    }

    /// Why the lab cannot do something to a broker it did not start, or whose engine cannot.
    public struct NotSupported: Error, CustomStringConvertible {
        public var action: String
        public var engine: String
        public var owned: Bool
        public var description: String {
            owned
                ? "cannot \(action) the broker: the \(engine) engine does not support it"
                : "cannot \(action) the broker: the lab did not start it (an address from the environment names one it does not own)"
        }
    }

    private func unsupported(_ action: String) -> NotSupported {
        NotSupported(action: action, engine: engine, owned: isOwned)
    }

    /// Freezes the broker's process (SIGSTOP): its port stays open, nothing answers.
    public func pause() async throws {
        guard isOwned, let pid = processID else { throw unsupported("pause") }
        await ProcessPause.stop(pid)
    }

    /// Thaws a paused broker.
    public func resume() throws {
        guard isOwned, let pid = processID else { throw unsupported("resume") }
        ProcessPause.resume(pid)
    }

    /// True when the broker can raise a resource alarm that blocks publishers (RabbitMQ).
    public var canBlockPublishers: Bool { processFaults.contains(.blockPublishers) }

    /// Raises or clears a resource alarm: while raised, the broker accepts
    /// connections but blocks every publisher (RabbitMQ's memory alarm).
    public func blockPublishers(_ blocked: Bool) async throws {
        guard isOwned, let block = controls.blockPublishers else { throw unsupported("raise an alarm on") }
        try await block(blocked)
    }

    /// True when the broker can be stopped and started again keeping its data
    /// (RabbitMQ; the embedded Kafka broker keeps its log in memory).
    public var canRestart: Bool { processFaults.contains(.restart) }

    /// Stops the broker's application and starts it again on the same data
    /// (RabbitMQ `stop_app` / `start_app`): every connection drops.
    public func restart() async throws {
        guard isOwned, let restart = controls.restart else { throw unsupported("restart") }
        try await restart()
    }

    /// What a crash loses and why (a broker that keeps its data in memory); nil when it keeps its data.
    public var crashLoses: String? { controls.crashLoses }

    /// SIGKILLs the broker and starts it again from its data after `restartAfter`, on the same address.
    public func crash(restartAfter: Duration) async throws {
        guard isOwned, let crash = controls.crash else { throw unsupported("crash and restart") }
        try await crash(restartAfter)
    }

    /// Does `action` to the broker's nodes; says what was done to which node.
    public func act(_ action: BrokerNodeAction) async throws -> String {
        guard isOwned, let act = controls.nodeAction else { throw unsupported("fault a node of") }
        return try await act(action)
    }

    /// Stops the broker if the lab started it.
    public func stop() async {
        await stopOwned?()
        if let interruptToken { ChildProcessRegistry.removeCleanup(interruptToken) }
    }
}
