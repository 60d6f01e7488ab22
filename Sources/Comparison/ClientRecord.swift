/// One request the client sent in a segment and what came back.
public struct ClientRecord: Codable, Sendable, Hashable {
    public enum Kind: String, Codable, Sendable {
        /// An order of the mix.
        case order
        /// An order of an item nobody stocks: refused by design.
        case meantToFail = "meant_to_fail"
        /// The same order id sent a second time.
        case resend
        /// A malformed request (bad JSON, a negative quantity, too large, not JSON).
        case poison
    }

    public var kind: Kind
    /// Nil for a poison request, which names no order.
    public var orderID: String?
    public var item: String
    public var quantity: Int
    /// When the request was meant to go, seconds after the segment started.
    public var intendedSeconds: Double
    /// Nil when no answer came within the client timeout (or the connection failed).
    public var status: Int?
    /// The error code of a refusal, or why there was no answer.
    public var reason: String?
    /// From the intended send time to the answer.
    public var latencyMilliseconds: Double
    /// Whose order it is: a user's orders are meant to be handled in the order they were sent.
    public var userID: String?

    public init(
        kind: Kind, orderID: String?, item: String, quantity: Int, intendedSeconds: Double, status: Int?,
        reason: String?, latencyMilliseconds: Double, userID: String? = nil
    ) {
        self.userID = userID
        self.kind = kind
        self.orderID = orderID
        self.item = item
        self.quantity = quantity
        self.intendedSeconds = intendedSeconds
        self.status = status
        self.reason = reason
        self.latencyMilliseconds = latencyMilliseconds
    }

    public var isAccepted: Bool { (200..<300).contains(status ?? 0) }
    public var answeredSeconds: Double { intendedSeconds + latencyMilliseconds / 1000 }
}
