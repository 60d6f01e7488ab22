import AMQP
import Foundation
import LabKit

/// The broker a lab runs against: one it started (stopped with the lab, and
/// on Ctrl-C) or one the user named (left alone).
public struct LabBroker: Sendable {
    /// What clients connect to: an AMQP URL, or Kafka bootstrap servers.
    public let address: String
    /// The embedded Kafka broker's control endpoint, when the lab started it.
    public let controlURL: String?
    /// A web console for people, when the broker has one (RabbitMQ's management UI, user guest/guest).
    public let consoleURL: String?
    /// The broker's own process, when the lab started it (for CPU figures and pauses).
    public var processID: Int32? { findProcess?() }
    private let findProcess: (@Sendable () -> Int32?)?
    private let stopOwned: (@Sendable () async -> Void)?
    private let restartOwned: (@Sendable () async throws -> Void)?
    private let alarmOwned: (@Sendable (Bool) async throws -> Void)?
    private let interruptToken: Int?

    /// True when the lab started this broker and so may pause or stop it.
    public var isOwned: Bool { stopOwned != nil }

    private init(
        address: String, controlURL: String?, consoleURL: String? = nil, stop: (@Sendable () async -> Void)?,
        processID: (@Sendable () -> Int32?)? = nil, restart: (@Sendable () async throws -> Void)? = nil,
        alarm: (@Sendable (Bool) async throws -> Void)? = nil
    ) {
        alarmOwned = alarm
        self.address = address
        findProcess = processID
        self.controlURL = controlURL
        self.consoleURL = consoleURL
        restartOwned = restart
        // A paused broker cannot stop: thaw it first, whoever stops it.
        var thawThenStop: (@Sendable () async -> Void)?
        if let stop {
            thawThenStop = {
                if let pid = processID?() { ProcessPause.resume(pid) }
                await stop()
            }
        }
        stopOwned = thawThenStop
        interruptToken = thawThenStop.map { ChildProcessRegistry.addCleanup($0) }
    }

    /// Why the lab cannot do something to a broker it did not start.
    public struct NotOwned: Error, CustomStringConvertible {
        public var action: String
        public var description: String {
            "cannot \(action) the broker: the lab did not start it (AMQP_URL / KAFKA_BROKERS name one it does not own)"
        }
    }

    /// Freezes the broker's process (SIGSTOP): its port stays open, nothing answers.
    public func pause() async throws {
        guard let pid = processID else { throw NotOwned(action: "pause") }
        await ProcessPause.stop(pid)
    }

    /// Thaws a paused broker.
    public func resume() throws {
        guard let pid = processID else { throw NotOwned(action: "resume") }
        ProcessPause.resume(pid)
    }

    /// True when the broker can raise a resource alarm that blocks publishers (RabbitMQ).
    public var canBlockPublishers: Bool { alarmOwned != nil }

    /// Raises or clears a resource alarm: while raised, the broker accepts
    /// connections but blocks every publisher (RabbitMQ's memory alarm).
    public func blockPublishers(_ blocked: Bool) async throws {
        guard let alarmOwned else { throw NotOwned(action: "raise an alarm on") }
        try await alarmOwned(blocked)
    }

    /// True when the broker can be stopped and started again keeping its data
    /// (RabbitMQ; the embedded Kafka broker keeps its log in memory).
    public var canRestart: Bool { restartOwned != nil }

    /// Stops the broker's application and starts it again on the same data
    /// (RabbitMQ `stop_app` / `start_app`): every connection drops.
    public func restart() async throws {
        guard let restartOwned else { throw NotOwned(action: "restart") }
        try await restartOwned()
    }

    /// The RabbitMQ at `url`, or a private node started in `directory`.
    public static func rabbitMQ(url: String?, directory: String, progress: ProgressLog) async throws -> LabBroker {
        if let url {
            progress.say("using the broker at AMQP_URL (\(AMQPEndpoint.redacted(url)))")
            return LabBroker(address: url, controlURL: nil, stop: nil)
        }
        let node = try await RabbitMQNode.start(in: directory, progress: progress)
        progress.say("rabbitmq node up: \(node.amqpURL), management UI \(node.managementURL) (guest/guest)")
        return LabBroker(
            address: node.amqpURL, controlURL: nil, consoleURL: node.managementURL, stop: { try? await node.stop() },
            processID: { node.virtualMachinePID }, restart: { try await node.restartApplication() },
            alarm: { try await node.setMemoryAlarm($0) })
    }

    /// The Kafka cluster at `bootstrap`, or the embedded broker started in `directory`.
    public static func kafka(bootstrap: String?, executable: String, directory: String, progress: ProgressLog)
        async throws -> LabBroker
    {
        if let bootstrap {
            progress.say("using the Kafka cluster at KAFKA_BROKERS (\(bootstrap))")
            return LabBroker(address: bootstrap, controlURL: nil, stop: nil)
        }
        let broker = try await EmbeddedKafka.start(executable: executable, in: directory)
        progress.say("embedded Kafka broker up at \(broker.bootstrapServers) (librdkafka mock cluster, own process)")
        return LabBroker(
            address: broker.bootstrapServers, controlURL: broker.controlURL, stop: { await broker.stop() },
            processID: { broker.pid })
    }

    /// Stops the broker if the lab started it.
    public func stop() async {
        await stopOwned?()
        if let interruptToken { ChildProcessRegistry.removeCleanup(interruptToken) }
    }
}
