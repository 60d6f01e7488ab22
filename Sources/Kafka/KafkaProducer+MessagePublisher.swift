import Messaging

extension KafkaProducer: MessagePublisher {
    /// `destination` is the topic and `key` the partition key; the message id
    /// travels as the `message-id` header.
    public func publish(_ message: OutboundMessage) async throws {
        try await send([KafkaRecord(message)])
    }

    /// The record's partition and offset, from its delivery report.
    public func publishReporting(_ message: OutboundMessage) async throws -> PublishReceipt {
        let report = try await send([KafkaRecord(message)])
        return PublishReceipt(partition: report.partition, offset: report.offset)
    }

    /// Every message handed to librdkafka at once, one wait for all the delivery reports.
    public func publish(_ messages: [OutboundMessage]) async throws {
        guard !messages.isEmpty else { return }
        try await send(messages.map(KafkaRecord.init))
    }
}

extension KafkaRecord {
    init(_ message: OutboundMessage) {
        var headers = message.headers.mapValues { Array($0.utf8) }
        if let id = message.messageID { headers["message-id"] = Array(id.utf8) }
        self.init(
            topic: message.destination, key: message.key.map { Array($0.utf8) }, value: message.body, headers: headers)
    }
}
