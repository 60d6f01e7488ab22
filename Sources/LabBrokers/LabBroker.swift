import Foundation
import LabKit

/// The broker a lab runs against: one it started (stopped with the lab, and
/// on Ctrl-C) or one the user named (left alone).
public struct LabBroker: Sendable {
    /// What clients connect to: an AMQP URL, or Kafka bootstrap servers.
    public let address: String
    /// The embedded Kafka broker's control endpoint, when the lab started it.
    public let controlURL: String?
    /// The broker's own process, when the lab started it (for CPU figures and pauses).
    public var processID: Int32? { findProcess?() }
    private let findProcess: (@Sendable () -> Int32?)?
    private let stopOwned: (@Sendable () async -> Void)?
    private let interruptToken: Int?

    /// True when the lab started this broker and so may pause or stop it.
    public var isOwned: Bool { stopOwned != nil }

    private init(
        address: String, controlURL: String?, stop: (@Sendable () async -> Void)?,
        processID: (@Sendable () -> Int32?)? = nil
    ) {
        self.address = address
        findProcess = processID
        self.controlURL = controlURL
        stopOwned = stop
        interruptToken = stop.map { ChildProcessRegistry.addCleanup($0) }
    }

    /// The RabbitMQ at `url`, or a private node started in `directory`.
    public static func rabbitMQ(url: String?, directory: String, progress: ProgressLog) async throws -> LabBroker {
        if let url {
            progress.say("using the broker at AMQP_URL (\(redactedURL(url)))")
            return LabBroker(address: url, controlURL: nil, stop: nil)
        }
        let node = try await RabbitMQNode.start(in: directory, progress: progress)
        progress.say("rabbitmq node up: \(node.amqpURL), management UI \(node.managementURL) (guest/guest)")
        return LabBroker(
            address: node.amqpURL, controlURL: nil, stop: { try? await node.stop() },
            processID: { node.virtualMachinePID })
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

    /// The URL without its password, for messages and logs.
    static func redactedURL(_ url: String) -> String {
        guard let at = url.lastIndex(of: "@"), let scheme = url.range(of: "://") else { return url }
        let credentials = url[scheme.upperBound..<at]
        guard let colon = credentials.firstIndex(of: ":") else { return url }
        return url.replacingCharacters(in: colon..<at, with: ":***")
    }
}
