/// What a handler decided about one message.
public enum MessageDisposition: Sendable, Hashable {
    /// Done; its effects are durable: acknowledge it (commit its offset).
    case ack
    /// It can never be processed (unreadable, invalid): move it to the dead
    /// letters with the reason, and go on.
    case deadLetter(reason: String)
    /// It could not be finished now (a store or the broker failed): handle
    /// it again after a back-off; the handler recognises the repeat by its id.
    case retry(reason: String)
}
