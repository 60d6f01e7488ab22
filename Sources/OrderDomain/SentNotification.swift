/// One notification as the log holds it: the order it confirms and when.
public struct SentNotification: Codable, Sendable, Hashable {
    public var orderID: String
    public var sentMicroseconds: Int64

    public init(orderID: String, sentMicroseconds: Int64) {
        self.orderID = orderID
        self.sentMicroseconds = sentMicroseconds
    }

    enum CodingKeys: String, CodingKey {
        case orderID = "order_id"
        case sentMicroseconds = "sent_us"
    }
}
