import AMQP
import Foundation
import LabKit
import Testing

@testable import RabbitMQEngine

/// Three private nodes form one cluster; a quorum queue on it keeps every confirmed message when the
/// node leading it is killed, and a client fails over along the nodes' URLs. A cluster that cannot form
/// says why.
@Suite(.serialized, .timeLimit(.minutes(4)))
struct RabbitMQClusterTests {
    @Test func aQuorumQueueKeepsEveryConfirmedMessageWhenItsLeaderIsKilled() async throws {
        let directory = NSTemporaryDirectory() + "commlab-cluster-\(UUID().uuidString.prefix(8))"
        let cluster = try await RabbitMQCluster.start(in: directory, size: 3)
        do {
            try await exercise(cluster)
        } catch {
            await cluster.stop()
            throw error
        }
        await cluster.stop()
        #expect(cluster.nodes.allSatisfy { !$0.isRunning }, "every node stopped")
        try? FileManager.default.removeItem(atPath: directory)
    }

    private func exercise(_ cluster: RabbitMQCluster) async throws {
        #expect(Set(await cluster.runningNodes()) == Set(cluster.nodes.map(\.nodeName)))
        let list = cluster.amqpURLs.joined(separator: ",")
        let queue = "cluster-test"
        var confirmed: Set<String> = []
        let first = try await AMQPConnection.connect(url: list)
        try await topology(first)
        for index in 0..<100 {
            try await first.publish(
                Array("\(index)".utf8), exchange: "", routingKey: queue,
                properties: AMQPMessageProperties(messageID: "m-\(index)"))
            confirmed.insert("m-\(index)")
        }
        await first.close()

        let leader = try #require(try await cluster.leader(of: queue), "a quorum queue has a leader")
        await leader.killEveryProcess()
        #expect(!leader.isRunning)

        // Until the two nodes left elect a leader, a publish may be refused: it is tried again, and only
        // what was confirmed is expected back.
        let deadline = ContinuousClock.now + .seconds(60)
        var connection = try await AMQPConnection.connect(url: list)
        // What a service does on connecting again: declare its topology.
        try await topology(connection)
        var index = 100
        while index < 200, ContinuousClock.now < deadline {
            do {
                try await connection.publish(
                    Array("\(index)".utf8), exchange: "", routingKey: queue,
                    properties: AMQPMessageProperties(messageID: "m-\(index)"))
                confirmed.insert("m-\(index)")
                index += 1
            } catch {
                await connection.close()
                try await Task.sleep(for: .milliseconds(500))
                connection = try await AMQPConnection.connect(url: list)
            }
        }
        #expect(index == 200, "publishing went on on the two nodes left")
        let running = await cluster.runningNodes()
        #expect(Set(running) == Set(cluster.nodes.map(\.nodeName)).subtracting([leader.nodeName]), "\(running)")

        var received: [String] = []
        let deliveries = try await connection.consume(queue: queue, prefetch: 500)
        for try await delivery in deliveries {
            received.append(delivery.properties.messageID ?? "")
            try await connection.ack(delivery)
            if Set(received).isSuperset(of: confirmed) { break }
        }
        #expect(Set(received).isSuperset(of: confirmed), "\(confirmed.subtracting(received).count) confirmed, lost")
        await connection.close()
    }

    /// A queue with its dead-lettering, as the workflow's are: quorum queues, declared on every connection.
    private func topology(_ connection: AMQPConnection) async throws {
        try await connection.declareExchange("x-dlx", type: "fanout")
        var deadLetters = AMQPQueueDeclaration(name: "x-dlq")
        deadLetters.arguments["x-queue-type"] = .string("quorum")
        _ = try await connection.declareQueue(deadLetters)
        try await connection.bindQueue("x-dlq", to: "x-dlx", routingKey: "")
        var main = AMQPQueueDeclaration(name: "cluster-test")
        main.arguments["x-queue-type"] = .string("quorum")
        _ = try await connection.declareQueue(main.deadLettering(to: "x-dlx"))
    }

    @Test func aClusterOfNoNodesIsRefusedBeforeAnythingStarts() async throws {
        await #expect(throws: RabbitMQClusterError.badSize(0)) {
            _ = try await RabbitMQCluster.start(in: NSTemporaryDirectory() + "commlab-cluster-none", size: 0)
        }
    }

    @Test func anUnreadableCookieIsNamed() {
        #expect(throws: RabbitMQClusterError.unreadableCookie("/nonexistent/.erlang.cookie")) {
            try RabbitMQCluster.checkCookie(at: "/nonexistent/.erlang.cookie")
        }
    }

    /// A node that cannot join (here: a seed that is not running) stops the start, and says which node,
    /// at which step, and what rabbitmqctl said.
    @Test func aNodeThatCannotJoinIsNamedWithWhatRabbitmqctlSaid() async throws {
        let directory = NSTemporaryDirectory() + "commlab-cluster-\(UUID().uuidString.prefix(8))"
        let cluster = try await RabbitMQCluster.start(in: directory, size: 1)
        var absent = cluster.nodes[0]
        absent.nodeName = "commlab-absent@localhost"
        do {
            try await cluster.nodes[0].join(absent)
            Issue.record("joined a node that is not running")
        } catch let error as RabbitMQClusterError {
            guard case .joinFailed(let node, let step, let output) = error else {
                Issue.record("\(error)")
                await cluster.stop()
                return
            }
            #expect(node == cluster.nodes[0].nodeName)
            #expect(step == "join_cluster")
            #expect(!output.isEmpty)
        }
        await cluster.stop()
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// A node that does not answer within the cluster's time stops the start with its log's last lines, and
    /// leaves nothing of its own running.
    @Test func aNodeThatNeverAnswersInTimeStopsTheStartAndIsStopped() async throws {
        // A folder only its owner can enter, like a checkout made by `mktemp -d`: as root, the node's data
        // then goes to a folder of its own under /tmp, which must go when the node is stopped.
        let parent = NSTemporaryDirectory() + "commlab-private-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: parent)
        defer { try? FileManager.default.removeItem(atPath: parent) }
        let directory = parent + "/cluster"
        do {
            _ = try await RabbitMQCluster.start(in: directory, size: 2, timeout: .milliseconds(500))
            Issue.record("a cluster formed in half a second")
        } catch let error as RabbitMQNodeError {
            guard case .failedToStart = error else {
                Issue.record("\(error)")
                return
            }
        }
        // The node's processes carry its name in their environment; it saved its state before launching.
        let node = try RabbitMQNode.load(from: "\(directory)/node-1")
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(30)
        while clock.now < deadline, !node.nodeProcessIDs().isEmpty {
            try await Task.sleep(for: .milliseconds(250))
        }
        #expect(node.nodeProcessIDs().isEmpty, "the node's processes were left running")
        #expect(!node.isRunning)
        // As another user the node keeps its data in its own folder, which is the caller's to remove.
        if getuid() == 0 {
            #expect(node.dataDirectory.hasPrefix("/tmp/commlab-rabbitmq-"))
            #expect(
                !FileManager.default.fileExists(atPath: node.dataDirectory),
                "the node's data folder \(node.dataDirectory) was left behind")
        }
    }
}
