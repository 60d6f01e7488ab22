/// The business logic of a consumer: messages in, one verdict per message out.
///
/// A handler that returns ``MessageDisposition/ack`` has made its effects
/// durable and published its outputs; ``ProcessingLoop`` then settles the
/// message with the broker.
public protocol MessageHandler: Sendable {
    func handle(_ message: InboundMessage) async -> MessageDisposition

    /// Handles a batch and returns one disposition per message, in order.
    /// A handler with durable effects overrides it to pay for one
    /// transaction and one round of publishing per batch; by default the
    /// messages are handled one by one, at the same time.
    func handle(batch messages: [InboundMessage]) async -> [MessageDisposition]
}

extension MessageHandler {
    public func handle(batch messages: [InboundMessage]) async -> [MessageDisposition] {
        guard messages.count > 1 else { return messages.isEmpty ? [] : [await handle(messages[0])] }
        return await withTaskGroup(of: (Int, MessageDisposition).self) { group in
            for (index, message) in messages.enumerated() {
                group.addTask { (index, await handle(message)) }
            }
            var dispositions = [MessageDisposition](repeating: .ack, count: messages.count)
            for await (index, disposition) in group { dispositions[index] = disposition }
            return dispositions
        }
    }
}

extension MessageHandler where Self: BatchMessageHandler {
    public func handle(_ message: InboundMessage) async -> MessageDisposition {
        await handle(batch: [message])[0]
    }
}

/// A handler written for batches; its single-message form is a batch of one.
public protocol BatchMessageHandler: MessageHandler {}
