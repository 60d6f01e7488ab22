import Foundation
import Brokers
import LabKit

/// RabbitMQ replicated: three private nodes on loopback in one cluster
/// (``RabbitMQCluster``). Its address is the list of the nodes' URLs, which
/// clients fail over along; the workflow's queues on it are quorum queues.
public enum RabbitMQClusterBroker: BrokerEngine {
    public static let name = "rabbitmq-cluster"
    public static let summary =
        "RabbitMQ replicated: three private nodes on loopback joined into one cluster (quorum queues, streams "
        + "replicated across them)"
    public static let environmentVariable = RabbitMQBroker.environmentVariable
    public static let addressFormat = "amqp://user:pass@host1:port/vhost,amqp://user:pass@host2:port/vhost,…"
    public static let processFaults: Set<BrokerProcessFault> = [.nodeLoss, .quorumLoss]
    public static let size = 3

    public static func redacted(_ address: String) -> String {
        address.split(separator: ",").map { RabbitMQBroker.redacted(String($0)) }.joined(separator: ",")
    }

    public static func startPrivate(_ request: BrokerStartRequest) async throws -> LabBroker {
        let clock = ContinuousClock()
        let started = clock.now
        let cluster = try await RabbitMQCluster.start(in: request.directory, size: size, progress: request.progress)
        request.progress.say(
            "rabbitmq cluster up in \(Format.decimal((clock.now - started).seconds, places: 1)) s: "
                + cluster.nodes.map(\.nodeName).joined(separator: ", "))
        let faults = RabbitMQNodeFaults(cluster: cluster)
        return LabBroker(
            owned: cluster.amqpURLs.joined(separator: ","), engine: name, consoleURL: cluster.nodes[0].managementURL,
            controls: BrokerControls(
                processID: { cluster.nodes[0].virtualMachinePID },
                stop: {
                    await faults.thawAll()
                    await cluster.stop()
                },
                nodeAction: { try await faults.perform($0) },
                memberProcessIDs: {
                    var pids: [String: Int32] = [:]
                    for (index, node) in cluster.nodes.enumerated() {
                        pids["broker-node-\(index + 1)"] = node.virtualMachinePID
                    }
                    return pids
                },
                limits: Dictionary(
                    uniqueKeysWithValues: BrokerProcessFault.allCases.filter { !processFaults.contains($0) }.map {
                        ($0, "a replicated broker is faulted one node at a time (broker_node_lost)")
                    })))
    }
}

extension RabbitMQClusterBroker: DetachedBrokerEngine {
    public static let detachedHelp = """
        Three private nodes joined into one cluster, each with its own folder (node-1, node-2, node-3) and free \
        loopback ports. `start` prints AMQP_URL=… (every node's URL, comma-separated: clients fail over along \
        the list) and MANAGEMENT_URL=… and leaves the nodes running until `stop`.
        """

    public static func startDetached(in directory: String, executable: String) async throws -> [String] {
        let cluster = try await RabbitMQCluster.start(in: directory, size: size, progress: ProgressLog(prefix: "# "))
        return [
            "\(environmentVariable)=\(cluster.amqpURLs.joined(separator: ","))",
            "MANAGEMENT_URL=\(cluster.nodes[0].managementURL)",
        ]
    }

    public static func stopDetached(in directory: String) async throws -> String? {
        guard let cluster = try? RabbitMQCluster.load(from: directory) else { return nil }
        await cluster.stop()
        return "stopped \(cluster.nodes.map(\.nodeName).joined(separator: ", "))"
    }

    public static func status(in directory: String) -> (running: Bool, description: String)? {
        guard let cluster = try? RabbitMQCluster.load(from: directory) else { return nil }
        let running = cluster.nodes.filter(\.isRunning)
        return (
            !running.isEmpty,
            cluster.nodes.map { "\($0.nodeName): \($0.isRunning ? "running" : "not running") at \($0.amqpURL)" }
                .joined(separator: "\n")
        )
    }
}
