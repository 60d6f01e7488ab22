import CRdKafka
import Foundation

/// Cluster administration the lab needs: creating topics with the partition
/// counts its scenarios size for (on the embedded mock or any real cluster).
public struct KafkaAdmin: Sendable {
    public var configuration: KafkaConfiguration

    public init(configuration: KafkaConfiguration) {
        self.configuration = configuration
    }

    /// Creates each topic that does not exist yet; an existing one is left as it is.
    public func createTopics(_ topics: [(name: String, partitions: Int)]) async throws(KafkaError) {
        let settings = configuration.producerSettings
        let specs = topics.map { ($0.name, $0.partitions) }
        do {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                Thread {
                    do throws(KafkaError) {
                        try Self.create(specs, settings: settings)
                        continuation.resume()
                    } catch {
                        continuation.resume(throwing: error)
                    }
                }.start()
            }
        } catch let error as KafkaError {
            throw error
        } catch {
            throw KafkaError(operation: "create topics", code: -1, reason: "\(error)")
        }
    }

    private static func create(_ topics: [(String, Int)], settings: [String: String]) throws(KafkaError) {
        let handle = try KafkaHandle(type: RD_KAFKA_PRODUCER, conf: try KafkaConfiguration.makeConf(settings))
        var buffer = [CChar](repeating: 0, count: 512)
        var newTopics: [OpaquePointer?] = []
        defer { for topic in newTopics { rd_kafka_NewTopic_destroy(topic) } }
        for (name, partitions) in topics {
            guard let topic = rd_kafka_NewTopic_new(name, Int32(partitions), 1, &buffer, buffer.count) else {
                throw KafkaError(operation: "topic \(name)", code: -1, reason: String(cString: buffer))
            }
            newTopics.append(topic)
        }
        guard let queue = rd_kafka_queue_new(handle.pointer) else {
            throw KafkaError(operation: "create topics", code: -1, reason: "no queue")
        }
        defer { rd_kafka_queue_destroy(queue) }
        rd_kafka_CreateTopics(handle.pointer, &newTopics, newTopics.count, nil, queue)
        guard let event = rd_kafka_queue_poll(queue, 15_000) else {
            throw KafkaError(
                operation: "create topics", code: -1,
                reason: "no answer from \(settings["bootstrap.servers"] ?? "?") within 15 s")
        }
        defer { rd_kafka_event_destroy(event) }
        let eventError = rd_kafka_event_error(event)
        guard eventError == RD_KAFKA_RESP_ERR_NO_ERROR else { throw KafkaError("create topics", eventError) }
        guard let result = rd_kafka_event_CreateTopics_result(event) else { return }
        var count = 0
        guard let results = rd_kafka_CreateTopics_result_topics(result, &count) else { return }
        for index in 0..<count {
            let error = rd_kafka_topic_result_error(results[index])
            if error != RD_KAFKA_RESP_ERR_NO_ERROR, error != RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS {
                throw KafkaError("create topic \(String(cString: rd_kafka_topic_result_name(results[index])))", error)
            }
        }
    }
}
