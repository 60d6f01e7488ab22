import Foundation
import LabKit

/// Private RabbitMQ nodes on loopback joined into one cluster (`rabbitmqctl
/// stop_app / join_cluster / start_app`), each a ``RabbitMQNode`` with its own
/// folder, ports and name, all sharing the rabbitmq user's Erlang cookie. A
/// quorum queue or stream declared on one node is replicated to the others.
/// Described by `cluster.json` in its folder, so a later `stop` finds it.
public struct RabbitMQCluster: Codable, Sendable {
    public var directory: String
    /// The first node is the one the others joined.
    public var nodes: [RabbitMQNode]

    /// Every node's URL: a client fails over along this list when its node is lost.
    public var amqpURLs: [String] { nodes.map(\.amqpURL) }

    static let stateFile = "cluster.json"
    /// More nodes than a laptop's cores can run and still measure anything.
    public static let largest = 5

    /// Starts `size` nodes in `directory/node-N` one after another, joins every node after the first to it,
    /// and waits until the first sees them all running. A cluster that cannot form is taken down again,
    /// every node it started stopped, and the error says which node and what rabbitmqctl said.
    public static func start(
        in directory: String, size: Int = 3, timeout: Duration = .seconds(120), progress: ProgressLog = ProgressLog()
    ) async throws -> RabbitMQCluster {
        guard (1...largest).contains(size) else { throw RabbitMQClusterError.badSize(size) }
        if let existing = try? load(from: directory), existing.nodes.contains(where: \.isRunning) {
            throw RabbitMQNodeError.alreadyRunning(existing.nodes.first { $0.isRunning }?.amqpURL ?? directory)
        }
        let absolute = URL(fileURLWithPath: directory).standardizedFileURL.path
        try ScratchDirectory.prepareEmpty(absolute)
        var cluster = RabbitMQCluster(directory: absolute, nodes: [])
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        do {
            for index in 1...size {
                let node = try await RabbitMQNode.start(
                    in: "\(absolute)/node-\(index)", timeout: deadline - clock.now, progress: progress)
                cluster.nodes.append(node)
                // Saved after every node: a start cut short still leaves `stop` the nodes it must end.
                try cluster.save()
            }
            try Self.checkCookie()
            for node in cluster.nodes.dropFirst() {
                progress.say("rabbitmq: \(node.nodeName) joins \(cluster.nodes[0].nodeName)")
                try await node.join(cluster.nodes[0])
            }
            try await cluster.waitUntilFormed(deadline: deadline)
        } catch {
            progress.say("rabbitmq: the cluster did not form; stopping the \(cluster.nodes.count) node(s) started")
            await cluster.stop()
            throw error
        }
        return cluster
    }

    /// Reads the cluster started in `directory`.
    public static func load(from directory: String) throws -> RabbitMQCluster {
        let data = try Data(contentsOf: URL(fileURLWithPath: "\(directory)/\(stateFile)"))
        return try JSONDecoder().decode(RabbitMQCluster.self, from: data)
    }

    /// The nodes the first node (or, were it down, the next that answers) sees running.
    public func runningNodes() async -> [String] {
        for node in nodes where node.isRunning {
            if let running = try? await node.clusterRunningNodes() { return running }
        }
        return []
    }

    /// Stops every node, the first last (it started the epmd the others registered with).
    public func stop() async {
        for node in nodes.reversed() { try? await node.stop() }
    }

    /// The node that leads quorum queue `queue`, as the first node still answering says.
    public func leader(of queue: String) async throws -> RabbitMQNode? {
        for node in nodes where node.isRunning {
            guard let leader = try? await node.queueLeader(queue) else { continue }
            return self.node(named: leader)
        }
        return nil
    }

    /// The node whose name is `name`.
    public func node(named name: String) -> RabbitMQNode? { nodes.first { $0.nodeName == name } }

    private func waitUntilFormed(deadline: ContinuousClock.Instant) async throws {
        let expected = Set(nodes.map(\.nodeName))
        var seen: [String] = []
        while ContinuousClock.now < deadline {
            seen = (try? await nodes[0].clusterRunningNodes()) ?? []
            if expected.isSubset(of: Set(seen)) { return }
            if ChildProcessRegistry.isInterrupted { throw Interrupted() }
            try await Task.sleep(for: .milliseconds(250))
        }
        throw RabbitMQClusterError.notFormed(expected: expected.sorted(), running: seen.sorted())
    }

    /// Nodes join only when they present the same cookie; the rabbitmq user's one is what every node here
    /// (and rabbitmqctl, which Debian runs as that user) uses.
    static func checkCookie(at path: String = "/var/lib/rabbitmq/.erlang.cookie") throws {
        guard getuid() == 0 || FileManager.default.isReadableFile(atPath: path) else {
            throw RabbitMQClusterError.unreadableCookie(path)
        }
        guard FileManager.default.fileExists(atPath: path) else { throw RabbitMQClusterError.unreadableCookie(path) }
    }

    private func save() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(self).write(to: URL(fileURLWithPath: "\(directory)/\(Self.stateFile)"))
    }
}

public enum RabbitMQClusterError: Error, CustomStringConvertible, Equatable {
    case badSize(Int)
    case unreadableCookie(String)
    case joinFailed(node: String, step: String, output: String)
    case notFormed(expected: [String], running: [String])

    public var description: String {
        switch self {
        case .badSize(let size):
            "a cluster of \(size) nodes: give 1 to \(RabbitMQCluster.largest) (3 is what a quorum needs to lose one)"
        case .unreadableCookie(let path):
            "the Erlang cookie \(path) cannot be read: nodes and rabbitmqctl must share it to cluster"
        case .joinFailed(let node, let step, let output):
            "\(node) could not join the cluster (rabbitmqctl \(step)): \(output)"
        case .notFormed(let expected, let running):
            "the cluster did not form in time: expected \(expected.joined(separator: ", ")) running, "
                + "the first node sees \(running.isEmpty ? "none" : running.joined(separator: ", "))"
        }
    }
}
