/// The business logic of a consumer: one message in, one verdict out.
///
/// A handler that returns ``MessageDisposition/ack`` has made its effects
/// durable and published its outputs; ``ProcessingLoop`` then settles the
/// message with the broker.
public protocol MessageHandler: Sendable {
    func handle(_ message: InboundMessage) async -> MessageDisposition
}
