import Foundation
import Hummingbird
import Kafka
import LabKit
import Logging
import Synchronization

/// The embedded broker's own process (`commlab broker kafka run`): the mock
/// cluster, plus a loopback control endpoint for what only this process can
/// do (librdkafka 2.0.2's mock has no CreateTopics). Its bootstrap address,
/// pid and control port are written into `directory` for ``EmbeddedKafka``.
public struct EmbeddedKafkaServer: Sendable {
    public var directory: String

    public init(directory: String) {
        self.directory = directory
    }

    public func run() async throws {
        let cluster = try KafkaMockCluster(brokers: 1)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        // After a crash: the topics come back (before any client can reach the broker), the records do not.
        let topics = TopicList(path: "\(directory)/\(EmbeddedKafka.topicsFile)")
        for (name, partitions) in topics.load() { try cluster.createTopic(name, partitions: partitions) }
        try "\(getpid())\n".write(toFile: "\(directory)/\(EmbeddedKafka.pidFile)", atomically: true, encoding: .utf8)
        let file = "\(directory)/\(EmbeddedKafka.bootstrapFile)"
        try "\(cluster.bootstrapServers)\n".write(toFile: file + ".tmp", atomically: true, encoding: .utf8)
        _ = rename(file + ".tmp", file)
        print("embedded Kafka broker listening on \(cluster.bootstrapServers)")
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
            do {
                try cluster.createTopic(name, partitions: partitions)
                try topics.add(name, partitions: partitions)
            } catch {
                throw JSONErrorResponse(status: .conflict, code: "create_failed", message: "\(error)")
            }
            return try JSONResponse.encode(["topic": name, "partitions": String(partitions)], status: .created)
        }
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
}

/// The topics created on the embedded broker, one `name partitions` line each, in its folder.
private final class TopicList: Sendable {
    let path: String
    private let lock = Mutex(())

    init(path: String) {
        self.path = path
    }

    func load() -> [(String, Int)] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: " ")
            guard fields.count == 2, let partitions = Int(fields[1]) else { return nil }
            return (String(fields[0]), partitions)
        }
    }

    func add(_ name: String, partitions: Int) throws {
        try lock.withLock { _ in
            let text = ((try? String(contentsOfFile: path, encoding: .utf8)) ?? "") + "\(name) \(partitions)\n"
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        }
    }
}
