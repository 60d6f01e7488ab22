/// Headers every record the lab writes to a log carries.
public enum OrderEventHeaders {
    /// The event's type, so a reader can skip what it does not count without decoding it.
    public static let eventType = "event-type"
}
