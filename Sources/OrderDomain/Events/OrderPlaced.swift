import Foundation

/// The event an order service emits for every accepted order; inventory
/// consumes it. `message_id` is unique per event and is the idempotency key.
public struct OrderPlaced: Codable, Sendable, Hashable {
    public var eventType = "OrderPlaced"
    public var messageID: String
    public var timestamp: Timestamp
    public var order: Order

    public init(order: Order, messageID: String = UUIDString.make(), timestamp: Timestamp = .now()) {
        self.messageID = messageID
        self.timestamp = timestamp
        self.order = order
    }

    enum CodingKeys: String, CodingKey {
        case eventType = "event_type"
        case messageID = "message_id"
        case timestamp, order
    }

    /// Decodes and checks an event from the wire; anything unusable is an
    /// ``EventValidationError`` (the consumer dead-letters it), never a crash.
    public static func decode(_ body: some Collection<UInt8>, limits: OrderLimits = .standard)
        throws(EventValidationError)
        -> OrderPlaced
    {
        let event: OrderPlaced
        do {
            event = try JSONDecoder().decode(OrderPlaced.self, from: Data(body))
        } catch {
            throw .undecodable("\(error)")
        }
        guard event.eventType == "OrderPlaced" else {
            throw .invalid("event_type is '\(event.eventType)', not OrderPlaced")
        }
        guard !event.messageID.isEmpty else { throw .invalid("message_id is empty") }
        guard !event.order.orderID.isEmpty else { throw .invalid("order.order_id is empty") }
        guard !event.order.items.isEmpty, event.order.items.count <= limits.maxLines else {
            throw .invalid("order.items must have 1 to \(limits.maxLines) entries")
        }
        for line in event.order.items where line.quantity < 1 || line.quantity > limits.maxQuantity {
            throw .invalid("quantity of '\(line.itemID)' must be 1 to \(limits.maxQuantity), got \(line.quantity)")
        }
        return event
    }
}
