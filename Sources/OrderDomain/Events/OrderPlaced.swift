import Foundation

/// The event an order service emits for every accepted order; inventory
/// consumes it.
///
/// On the wire it has the seeds' flat shape (seed 003, "Event Structure"),
/// so producers and consumers written from the seeds interoperate with
/// commlab's, plus commlab's `message_id`:
///
///     {"event_type": "OrderPlaced", "message_id": "…", "order_id": "…", "user_id": "…",
///      "items": [{"item_id": "burger", "quantity": 2, "price": 10.0}], "total_amount": 20.0,
///      "status": "placed", "timestamp": "2026-11-21T05:00:00.123456Z"}
///
/// `message_id` is the idempotency key; an event without one (a seed
/// producer's) uses its `order_id`, as the seeds' consumers are idempotent
/// by order. The timestamp is the order's, with microseconds; one without a
/// zone is read as UTC. Unknown fields are ignored.
public struct OrderPlaced: Codable, Sendable, Hashable {
    public static let eventType = "OrderPlaced"

    public var eventType = OrderPlaced.eventType
    public var messageID: String
    public var order: Order

    /// When the order was placed.
    public var timestamp: Timestamp { order.timestamp }

    public init(order: Order, messageID: String = UUIDString.make()) {
        self.messageID = messageID
        self.order = order
    }

    enum CodingKeys: String, CodingKey {
        case eventType = "event_type"
        case messageID = "message_id"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        eventType = try container.decode(String.self, forKey: .eventType)
        // The order's fields are the event's own top-level fields.
        order = try Order(from: decoder)
        messageID = try container.decodeIfPresent(String.self, forKey: .messageID) ?? order.orderID
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(eventType, forKey: .eventType)
        try container.encode(messageID, forKey: .messageID)
        try order.encode(to: encoder)
    }

    /// Decodes and checks an event from the wire; anything unusable is an
    /// ``EventValidationError`` (the consumer dead-letters it), never a crash.
    public static func decode(_ body: some Collection<UInt8>, limits: OrderLimits = .standard)
        throws(EventValidationError)
        -> OrderPlaced
    {
        let event: OrderPlaced = try EventJSON.decode(body) { OrderPlaced(fastJSON: $0) }
        guard event.eventType == OrderPlaced.eventType else {
            throw .invalid("event_type is '\(event.eventType)', not OrderPlaced")
        }
        guard !event.messageID.isEmpty else { throw .invalid("message_id is empty") }
        guard !event.order.orderID.isEmpty else { throw .invalid("order_id is empty") }
        guard !event.order.items.isEmpty, event.order.items.count <= limits.maxLines else {
            throw .invalid("items must have 1 to \(limits.maxLines) entries")
        }
        for line in event.order.items where line.quantity < 1 || line.quantity > limits.maxQuantity {
            throw .invalid("quantity of '\(line.itemID)' must be 1 to \(limits.maxQuantity), got \(line.quantity)")
        }
        for line in event.order.items where !(0...limits.maxPrice).contains(line.price) {
            throw .invalid("price of '\(line.itemID)' must be 0 to \(limits.maxPrice), got \(line.price)")
        }
        guard event.order.totalAmount.isFinite, event.order.totalAmount >= 0 else {
            throw .invalid("total_amount must be a finite, non-negative number")
        }
        return event
    }
}
