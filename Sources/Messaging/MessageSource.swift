/// Where a consumer's messages come from: an AMQP queue, a Kafka consumer
/// group. ``ProcessingLoop`` subscribes, and subscribes again when a
/// subscription ends with an error (a lost connection).
public protocol MessageSource: Sendable {
    associatedtype Subscription: MessageSubscription

    /// Connects and starts delivering; throws while the broker is unreachable.
    func subscribe() async throws -> Subscription
}

/// One live subscription: the messages, and how each one is settled.
public protocol MessageSubscription: Sendable {
    associatedtype Batches: AsyncSequence & Sendable where Batches.Element == [InboundMessage]

    /// The messages, in order per partition, a batch at a time: what the
    /// transport had at hand when asked (one poll of a log, one read of a
    /// socket), never waiting to fill a batch, so a lone message is not
    /// delayed. The sequence ends (or throws) when the subscription is lost
    /// or closed.
    var batches: Batches { get }

    /// False once the subscription is lost: settling is then pointless, the
    /// broker will deliver the unsettled messages again.
    var isOpen: Bool { get }

    /// Called in delivery order, before the messages are handled, so a log
    /// can keep its commit position below every message still in hand.
    func taken(_ messages: [InboundMessage])

    /// Acknowledges finished messages together (one `multiple` ack, or
    /// committable offsets).
    func acknowledge(_ messages: [InboundMessage]) async throws

    /// Moves a message to the dead letters with the reason, then forgets it.
    func deadLetter(_ message: InboundMessage, reason: String) async throws

    /// Commits what is finished and disconnects; unsettled messages will be
    /// delivered again to the next subscriber.
    func close() async
}
