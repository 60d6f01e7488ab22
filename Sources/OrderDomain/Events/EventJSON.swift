import Foundation

/// Events as the JSON bytes that go on the wire, in every part.
public enum EventJSON {
    /// The event's JSON: written directly for the events that write their
    /// own (``JSONBytesWritable``), by `JSONEncoder` otherwise. Encoding
    /// these plain value types cannot fail; were it to, the empty body would
    /// be dead-lettered by the consumer, not lost.
    public static func bytes(_ event: some Encodable) -> [UInt8] {
        if let writable = event as? any JSONBytesWritable {
            var json = JSONBytes()
            writable.write(to: &json)
            return json.bytes
        }
        return Array((try? JSONEncoder().encode(event)) ?? Data())
    }

    /// The JSON of an event that writes its own, chosen at compile time (no dynamic cast per event).
    public static func bytes(_ event: some Encodable & JSONBytesWritable) -> [UInt8] {
        var json = JSONBytes()
        event.write(to: &json)
        return json.bytes
    }

    /// Reads an event by its fast path, or by `JSONDecoder` when the fast
    /// path steps aside (whose verdict and error message then stand). The
    /// fast path reads the bytes in place and is not generic: called from
    /// another module with a message's array, a generic one ran unspecialized,
    /// every byte through a protocol witness (a profile of part C showed it).
    static func decode<Event: Decodable>(
        _ body: some Collection<UInt8>, fast: (UnsafeBufferPointer<UInt8>) -> Event?
    ) throws(EventValidationError) -> Event {
        let read = body.withContiguousStorageIfAvailable(fast) ?? Array(body).withUnsafeBufferPointer(fast)
        if let event = read { return event }
        do {
            return try JSONDecoder().decode(Event.self, from: Data(body))
        } catch {
            throw .undecodable(DecodingProblem.describe(error))
        }
    }
}

extension OrderPlaced: JSONBytesWritable {
    public func write(to json: inout JSONBytes) {
        json.object { json in
            json.field("event_type", eventType)
            json.field("message_id", messageID)
            order.writeFields(to: &json)
        }
    }
}

extension Order {
    /// The order's fields, inside an object being written.
    func writeFields(to json: inout JSONBytes) {
        json.field("order_id", orderID)
        json.field("user_id", userID)
        json.key("items")
        json.array(items) { json, line in
            json.object { json in
                json.field("item_id", line.itemID)
                json.field("quantity", line.quantity)
                json.field("price", line.price)
            }
        }
        json.field("total_amount", totalAmount)
        json.field("status", status.rawValue)
        json.field("timestamp", timestamp)
    }
}

extension InventoryOutcome: JSONBytesWritable {
    public func write(to json: inout JSONBytes) {
        json.object { json in
            json.field("event_type", eventType)
            json.field("message_id", messageID)
            json.field("timestamp", timestamp)
            json.field("order_id", orderID)
            json.field("user_id", userID)
            json.key("items")
            json.array(items) { json, item in item.write(to: &json) }
            json.field("placed_at", placedAt)
            if let reason {
                // Rare (a refusal) and of several shapes: left to JSONEncoder.
                json.key("reason")
                json.raw(Array((try? JSONEncoder().encode(reason)) ?? Data("null".utf8)))
            }
        }
    }
}

extension InventoryItemEvent: JSONBytesWritable {
    public func write(to json: inout JSONBytes) {
        json.object { json in
            json.field("event_type", eventType)
            json.field("event_id", eventID)
            json.field("order_id", orderID)
            json.field("action", action.rawValue)
            json.field("item_id", itemID)
            json.field("quantity", quantity)
            json.field("timestamp", timestamp)
        }
    }
}

extension ItemQuantity: JSONBytesWritable {
    public func write(to json: inout JSONBytes) {
        json.object { json in
            json.field("item_id", itemID)
            json.field("quantity", quantity)
        }
    }
}

extension Notification: JSONBytesWritable {
    public func write(to json: inout JSONBytes) {
        json.object { json in
            json.field("order_id", orderID)
            json.field("user_id", userID)
            json.field("message", message)
            json.field("timestamp", timestamp)
            if let placedAt { json.field("placed_at", placedAt) }
        }
    }
}
