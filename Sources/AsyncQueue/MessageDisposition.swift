/// What a consumer does with a message once handled.
public enum MessageDisposition: Sendable, Hashable {
    /// Done: acknowledge it.
    case ack
    /// Unusable: reject without requeue, so the broker dead-letters it.
    case deadLetter(reason: String)
    /// Could not be finished now (its output could not be published): put it
    /// back; the redelivery is recognised by its message id.
    case retryLater(reason: String)
}
