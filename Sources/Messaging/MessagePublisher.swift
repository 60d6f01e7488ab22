/// Hands messages to a broker and returns only once the broker has taken
/// them (an AMQP publisher confirm, a Kafka delivery report): a caller that
/// got no error may answer "accepted" or commit its input.
public protocol MessagePublisher: Sendable {
    /// Publishes one message and waits for its confirmation.
    func publish(_ message: OutboundMessage) async throws

    /// Publishes every message, waits for all confirmations together, and
    /// throws the first failure once all have settled.
    func publish(_ messages: [OutboundMessage]) async throws

    /// Publishes one message, waits for its confirmation, and says where the broker put it.
    func publishReporting(_ message: OutboundMessage) async throws -> PublishReceipt
}

extension MessagePublisher {
    /// A transport that keeps no positions (a queue) has nothing to report.
    public func publishReporting(_ message: OutboundMessage) async throws -> PublishReceipt {
        try await publish(message)
        return PublishReceipt()
    }

    /// Pipelines the confirmations: every message is on the wire before the
    /// first confirmation is awaited.
    public func publish(_ messages: [OutboundMessage]) async throws {
        guard messages.count > 1 else {
            if let only = messages.first { try await publish(only) }
            return
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for message in messages {
                group.addTask { try await publish(message) }
            }
            try await group.waitForAll()
        }
    }
}
