import Foundation
import Hummingbird
import Kafka
import LabKit
import Logging
import Synchronization

/// The embedded broker's own process (`commlab broker kafka run`): the mock
/// cluster, plus a loopback control endpoint for what only this process can
/// do (librdkafka 2.0.2's mock has no CreateTopics; of several brokers, it
/// elects no leaders: ``MockClusterController`` does). Its bootstrap address,
/// pid and control port are written into `directory` for ``EmbeddedKafka``.
public struct EmbeddedKafkaServer: Sendable {
    public var directory: String
    /// Brokers in the mock cluster: 1, or 3 for the replicated deployment.
    public var brokers: Int

    public init(directory: String, brokers: Int = 1) {
        self.directory = directory
        self.brokers = brokers
    }

    public func run() async throws {
        let mock = try KafkaMockCluster(brokers: brokers)
        let cluster = MockClusterController(cluster: mock)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        // After a crash: the topics come back (before any client can reach the broker), the records do not.
        let topics = TopicList(path: "\(directory)/\(EmbeddedKafka.topicsFile)")
        for (name, partitions, replication) in topics.load() {
            try cluster.createTopic(name, partitions: partitions, replicationFactor: replication)
        }
        try "\(getpid())\n".write(toFile: "\(directory)/\(EmbeddedKafka.pidFile)", atomically: true, encoding: .utf8)
        let file = "\(directory)/\(EmbeddedKafka.bootstrapFile)"
        try "\(mock.bootstrapServers)\n".write(toFile: file + ".tmp", atomically: true, encoding: .utf8)
        _ = rename(file + ".tmp", file)
        print("embedded Kafka broker listening on \(mock.bootstrapServers)")
        let router = Router()
        router.get("/health") { _, _ in "ok" }
        router.put("/topics/:name") { request, context in
            let name = try context.parameters.require("name")
            guard let partitions = request.uri.queryParameters.get("partitions", as: Int.self),
                (1...1_000).contains(partitions)
            else {
                throw JSONErrorResponse(
                    status: .badRequest, code: "invalid_field", message: "partitions must be 1…1000",
                    field: "partitions")
            }
            let replication = request.uri.queryParameters.get("replication", as: Int.self) ?? 1
            guard (1...brokers).contains(replication) else {
                throw JSONErrorResponse(
                    status: .badRequest, code: "invalid_field",
                    message: "replication must be 1…\(brokers), the brokers in this cluster", field: "replication")
            }
            do {
                try cluster.createTopic(name, partitions: partitions, replicationFactor: replication)
                try topics.add(name, partitions: partitions, replication: replication)
            } catch {
                throw JSONErrorResponse(status: .conflict, code: "create_failed", message: "\(error)")
            }
            return try JSONResponse.encode(
                ["topic": name, "partitions": String(partitions), "replication": String(replication)],
                status: .created)
        }
        router.put("/groups/:name") { _, context in
            let name = try context.parameters.require("name")
            try cluster.registerGroup(name)
            return try JSONResponse.encode(["group": name], status: .created)
        }
        // The node faults of the replicated deployment; each answers what it did.
        router.post("/nodes/kill") { request, _ in
            try nodeAction { try cluster.kill(leaderOf: try topicParameter(request)) }
        }
        router.post("/nodes/pause") { request, _ in
            try nodeAction { try cluster.pause(leaderOf: try topicParameter(request)) }
        }
        router.post("/nodes/restore") { _, _ in try nodeAction { try cluster.restore() } }
        router.get("/nodes") { _, _ in cluster.describe() }
        var logger = Logger(label: "commlab.kafka-broker")
        logger.logLevel = .warning
        // A restarted broker keeps its control address, so what the lab was told stays true.
        let previousPort =
            (try? String(
                contentsOfFile: "\(directory)/\(EmbeddedKafka.previousControlPortFile)", encoding: .utf8))
            .flatMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        let runner = LabServiceRunner(
            name: "kafka broker control", host: "127.0.0.1", port: previousPort ?? 0,
            portFile: "\(directory)/\(EmbeddedKafka.controlPortFile)", logger: logger)
        try await runner.run(router: router)
        print("embedded Kafka broker stopping")
        withExtendedLifetime(cluster) {}
    }

    private func topicParameter(_ request: Request) throws -> String {
        guard let topic = request.uri.queryParameters.get("leader_of"), !topic.isEmpty else {
            throw JSONErrorResponse(
                status: .badRequest, code: "missing_field", message: "leader_of names the topic whose leader to fault",
                field: "leader_of")
        }
        return topic
    }

    private func nodeAction(_ act: () throws -> String) throws -> Response {
        guard brokers > 1 else {
            throw JSONErrorResponse(
                status: .conflict, code: "single_broker",
                message: "one embedded broker: a node lost is the whole broker; start it with --brokers 3")
        }
        do {
            return try JSONResponse.encode(["did": try act()], status: .ok)
        } catch let error as MockClusterError {
            throw JSONErrorResponse(status: .notFound, code: "unknown_topic", message: error.description)
        }
    }
}

/// The topics created on the embedded broker, one `name partitions replication` line each, in its folder.
private final class TopicList: Sendable {
    let path: String
    private let lock = Mutex(())

    init(path: String) {
        self.path = path
    }

    /// Name, partitions and replication factor (1 on a line of two fields).
    func load() -> [(String, Int, Int)] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: " ")
            guard (2...3).contains(fields.count), let partitions = Int(fields[1]) else { return nil }
            return (String(fields[0]), partitions, fields.count == 3 ? Int(fields[2]) ?? 1 : 1)
        }
    }

    func add(_ name: String, partitions: Int, replication: Int) throws {
        try lock.withLock { _ in
            let text =
                ((try? String(contentsOfFile: path, encoding: .utf8)) ?? "") + "\(name) \(partitions) \(replication)\n"
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        }
    }
}
