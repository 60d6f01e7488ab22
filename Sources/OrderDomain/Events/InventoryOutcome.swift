import Foundation

/// What inventory decided about one order: `InventoryReserved` or
/// `InventoryFailed` (with the reason). Its `message_id` is derived from the
/// order id, so a redelivered or repeated order yields the same outcome id.
public struct InventoryOutcome: Codable, Sendable, Hashable {
    public var eventType: String
    public var messageID: String
    public var timestamp: Timestamp
    public var orderID: String
    public var userID: String
    public var items: [ItemQuantity]
    /// When the order was placed, for end-to-end latency downstream.
    public var placedAt: Timestamp
    public var reason: InventoryFailureReason?

    public static let reservedType = "InventoryReserved"
    public static let failedType = "InventoryFailed"

    public init(for event: OrderPlaced, outcome: ReservationOutcome, timestamp: Timestamp = .now()) {
        switch outcome {
        case .reserved:
            eventType = Self.reservedType
            reason = nil
        case .rejected(let why):
            eventType = Self.failedType
            reason = why
        }
        messageID = "\(event.order.orderID)/\(eventType)"
        self.timestamp = timestamp
        orderID = event.order.orderID
        userID = event.order.userID
        items = event.order.quantitiesByItem
        placedAt = event.order.timestamp
    }

    init(
        eventType: String, messageID: String, timestamp: Timestamp, orderID: String, userID: String,
        items: [ItemQuantity], placedAt: Timestamp, reason: InventoryFailureReason?
    ) {
        self.eventType = eventType
        self.messageID = messageID
        self.timestamp = timestamp
        self.orderID = orderID
        self.userID = userID
        self.items = items
        self.placedAt = placedAt
        self.reason = reason
    }

    public var isReserved: Bool { eventType == Self.reservedType }

    /// Reads commlab's outcomes and the leaner ones a consumer written from the
    /// seeds may publish: `message_id` falls back to `order_id` + event type,
    /// `placed_at` to `timestamp`, `user_id` and `items` to empty.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        eventType = try container.decode(String.self, forKey: .eventType)
        orderID = try container.decode(String.self, forKey: .orderID)
        timestamp = try container.decode(Timestamp.self, forKey: .timestamp)
        messageID = try container.decodeIfPresent(String.self, forKey: .messageID) ?? "\(orderID)/\(eventType)"
        userID = try container.decodeIfPresent(String.self, forKey: .userID) ?? ""
        items = try container.decodeIfPresent([ItemQuantity].self, forKey: .items) ?? []
        placedAt = try container.decodeIfPresent(Timestamp.self, forKey: .placedAt) ?? timestamp
        reason = try container.decodeIfPresent(InventoryFailureReason.self, forKey: .reason)
    }

    enum CodingKeys: String, CodingKey {
        case eventType = "event_type"
        case messageID = "message_id"
        case timestamp
        case orderID = "order_id"
        case userID = "user_id"
        case items
        case placedAt = "placed_at"
        case reason
    }

    public static func decode(_ body: some Collection<UInt8>) throws(EventValidationError) -> InventoryOutcome {
        let event: InventoryOutcome = try EventJSON.decode(body) { InventoryOutcome(fastJSON: $0) }
        guard event.eventType == reservedType || event.eventType == failedType else {
            throw .invalid("event_type '\(event.eventType)' is not an inventory outcome")
        }
        guard !event.orderID.isEmpty, !event.messageID.isEmpty else {
            throw .invalid("order_id and message_id are required")
        }
        return event
    }
}
