import Messaging

extension KafkaProducer: MessagePublisher {
    /// `destination` is the topic and `key` the partition key; the message id
    /// travels as the `message-id` header.
    public func publish(_ message: OutboundMessage) async throws {
        var headers = message.headers.mapValues { Array($0.utf8) }
        if let id = message.messageID { headers["message-id"] = Array(id.utf8) }
        try await send(
            topic: message.destination, key: message.key.map { Array($0.utf8) }, value: message.body, headers: headers)
    }
}
