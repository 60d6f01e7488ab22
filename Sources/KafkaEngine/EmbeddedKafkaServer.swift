import Foundation
import Hummingbird
import Kafka
import LabKit
import Logging

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
            } catch {
                throw JSONErrorResponse(status: .conflict, code: "create_failed", message: "\(error)")
            }
            return try JSONResponse.encode(["topic": name, "partitions": String(partitions)], status: .created)
        }
        var logger = Logger(label: "commlab.kafka-broker")
        logger.logLevel = .warning
        let runner = LabServiceRunner(
            name: "kafka broker control", host: "127.0.0.1", port: 0,
            portFile: "\(directory)/\(EmbeddedKafka.controlPortFile)", logger: logger)
        try await runner.run(router: router)
        print("embedded Kafka broker stopping")
        withExtendedLifetime(cluster) {}
    }
}
