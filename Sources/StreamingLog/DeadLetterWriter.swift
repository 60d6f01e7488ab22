import Foundation
import Kafka

/// Sends a record a consumer cannot use to the dead-letter topic, with why
/// and where it came from in headers, so it can be inspected or replayed.
public struct DeadLetterWriter: Sendable {
    public let producer: KafkaProducer
    public let group: String

    public init(producer: KafkaProducer, group: String) {
        self.producer = producer
        self.group = group
    }

    public func send(_ message: KafkaMessage, reason: String) async throws(KafkaError) {
        try await producer.send(
            topic: StreamingTopology.deadLetters, key: message.key, value: message.value,
            headers: [
                "reason": Array(reason.utf8), "source-topic": Array(message.topic.utf8),
                "source-partition": Array(String(message.partition).utf8),
                "source-offset": Array(String(message.offset).utf8), "consumer-group": Array(group.utf8),
            ])
    }
}
