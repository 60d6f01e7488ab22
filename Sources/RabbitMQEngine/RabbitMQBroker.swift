import AMQP
import Foundation
import Brokers
import LabKit

/// RabbitMQ as a broker engine: a private node (Debian's `rabbitmq-server`)
/// on loopback, or the broker `AMQP_URL` names.
public enum RabbitMQBroker: BrokerEngine {
    public static let name = "rabbitmq"
    public static let summary = "RabbitMQ over AMQP 0-9-1: a private node with its own data folder and free ports"
    public static let environmentVariable = "AMQP_URL"
    public static let addressFormat = "amqp://user:pass@host:port/vhost"
    public static let processFaults: Set<BrokerProcessFault> = [.pause, .restart, .blockPublishers, .crash]

    public static func redacted(_ address: String) -> String { AMQPEndpoint.redacted(address) }

    public static func startPrivate(_ request: BrokerStartRequest) async throws -> LabBroker {
        let node = try await RabbitMQNode.start(in: request.directory, progress: request.progress)
        request.progress.say("rabbitmq node up: \(node.amqpURL), management UI \(node.managementURL) (guest/guest)")
        return LabBroker(
            owned: node.amqpURL, engine: name, consoleURL: node.managementURL,
            controls: BrokerControls(
                processID: { node.virtualMachinePID }, stop: { try? await node.stop() },
                restart: { try await node.restartApplication() },
                blockPublishers: { try await node.setMemoryAlarm($0) },
                crash: { try await node.crashAndRestart(after: $0) },
                limits: [
                    .nodeLoss:
                        "a single node: losing it is losing the broker (broker_crash); run --deployment replicated"
                ]))
    }

    /// The installed `rabbitmq-server` package's version, for a benchmark's record; empty when dpkg cannot say.
    public static func installedVersions() async -> [String: String] {
        guard
            let outcome = try? await ExternalCommand.run(
                "/usr/bin/dpkg-query", ["-W", "-f=${Version}", "rabbitmq-server"]),
            outcome.succeeded
        else { return [:] }
        return ["RabbitMQ": outcome.output.trimmingCharacters(in: .whitespacesAndNewlines)]
    }
}

extension RabbitMQBroker: DetachedBrokerEngine {
    public static let detachedHelp = """
        A private node: own data and log folder, free loopback ports, management UI on. `start` prints \
        AMQP_URL=… and MANAGEMENT_URL=… (eval-able) and leaves it running until `stop`.
        """

    public static func startDetached(in directory: String, executable: String) async throws -> [String] {
        let node = try await RabbitMQNode.start(in: directory, progress: ProgressLog(prefix: "# "))
        return ["\(environmentVariable)=\(node.amqpURL)", "MANAGEMENT_URL=\(node.managementURL)"]
    }

    public static func stopDetached(in directory: String) async throws -> String? {
        guard let node = try? RabbitMQNode.load(from: directory) else { return nil }
        try await node.stop()
        return "stopped \(node.nodeName)"
    }

    public static func status(in directory: String) -> (running: Bool, description: String)? {
        guard let node = try? RabbitMQNode.load(from: directory) else { return nil }
        return (
            node.isRunning,
            "\(node.nodeName): \(node.isRunning ? "running" : "not running") at \(node.amqpURL), UI \(node.managementURL)"
        )
    }
}
