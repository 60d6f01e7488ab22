import CRdKafka
import Messaging

extension KafkaProducer: MessagePublisher {
    /// `destination` is the topic and `key` the partition key; the message id
    /// travels as the `message-id` header.
    public func publish(_ message: OutboundMessage) async throws {
        try await publish([message])
    }

    /// The record's partition and offset, from its delivery report.
    public func publishReporting(_ message: OutboundMessage) async throws -> PublishReceipt {
        let report = try await send(count: 1, topic: message.destination) { box in
            enqueue(message, reportingTo: box)
        }
        return PublishReceipt(partition: report.partition, offset: report.offset)
    }

    /// Every message handed to librdkafka at once, one wait for all the delivery reports.
    public func publish(_ messages: [OutboundMessage]) async throws {
        guard let first = messages.first else { return }
        try await send(count: messages.count, topic: first.destination) { box in
            for message in messages { enqueue(message, reportingTo: box) }
        }
    }

    /// Hands a message to librdkafka straight from its own storage: a consumer
    /// publishes several per message it reads, and building a ``KafkaRecord``
    /// first copied every key and header.
    private func enqueue(_ message: OutboundMessage, reportingTo box: DeliveryBox) {
        let count = message.headers.count + (message.messageID == nil ? 0 : 1)
        let headers = count == 0 ? nil : rd_kafka_headers_new(count)
        for (name, value) in message.headers { Self.add(name, value, to: headers) }
        if let id = message.messageID { Self.add("message-id", id, to: headers) }
        message.body.withUnsafeBytes { value in
            guard var key = message.key else {
                return produce(topic: message.destination, key: nil, value: value, headers: headers, reportingTo: box)
            }
            key.withUTF8 { key in
                produce(
                    topic: message.destination, key: UnsafeRawBufferPointer(key), value: value, headers: headers,
                    reportingTo: box)
            }
        }
    }

    private static func add(_ name: String, _ value: String, to headers: OpaquePointer?) {
        var value = value
        value.withUTF8 { _ = rd_kafka_header_add(headers, name, -1, $0.baseAddress, $0.count) }
    }
}
