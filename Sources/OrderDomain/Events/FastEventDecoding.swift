/// The events every consumer decodes thousands of times a second, read
/// without `JSONDecoder`: a profile of part C showed Foundation's decoder
/// taking a fifth to a quarter of each consumer's CPU per event. Each
/// initialiser returns nil for anything it does not read exactly as
/// `JSONDecoder` would (a missing or mistyped field, an escaped string, a
/// refusal's reason); the caller then decodes with `JSONDecoder`, whose
/// result and error message stand.
extension OrderPlaced {
    init?(fastJSON body: some Collection<UInt8>) {
        guard let json = JSONValue(parsing: body), let eventType = json["event_type"]?.string,
            let order = Order(fastJSON: json)
        else { return nil }
        var messageID = order.orderID
        if let value = json["message_id"], !value.isNull {
            guard let text = value.string else { return nil }
            messageID = text
        }
        self.init(order: order, messageID: messageID)
        self.eventType = eventType
    }
}

extension Order {
    init?(fastJSON json: JSONValue) {
        guard let orderID = json["order_id"]?.string, let userID = json["user_id"]?.string,
            case .array(let elements)? = json["items"], let totalAmount = json["total_amount"]?.double,
            let status = json["status"]?.string.flatMap(OrderStatus.init(rawValue:)),
            let timestamp = json["timestamp"]?.string.flatMap(Timestamp.init(iso8601:))
        else { return nil }
        var lines: [OrderLine] = []
        lines.reserveCapacity(elements.count)
        for element in elements {
            guard let itemID = element["item_id"]?.string, let quantity = element["quantity"]?.integer,
                let price = element["price"]?.double
            else { return nil }
            lines.append(OrderLine(itemID: itemID, quantity: quantity, price: price))
        }
        self.init(orderID: orderID, userID: userID, items: lines, status: status, timestamp: timestamp)
        // The sender's total, as JSONDecoder reads it, not the sum the initialiser computes.
        self.totalAmount = totalAmount
    }
}

extension InventoryOutcome {
    init?(fastJSON body: some Collection<UInt8>) {
        guard let json = JSONValue(parsing: body), let eventType = json["event_type"]?.string,
            let orderID = json["order_id"]?.string,
            let timestamp = json["timestamp"]?.string.flatMap(Timestamp.init(iso8601:))
        else { return nil }
        // A refusal's reason has several shapes: JSONDecoder reads those.
        if let reason = json["reason"], !reason.isNull { return nil }
        func optional<T>(_ key: String, _ read: (JSONValue) -> T?) -> T?? {
            guard let value = json[key], !value.isNull else { return .some(nil) }
            return read(value).map { .some($0) }
        }
        guard let messageID = optional("message_id", { $0.string }),
            let userID = optional("user_id", { $0.string }),
            let placedAt = optional("placed_at", { $0.string.flatMap(Timestamp.init(iso8601:)) }),
            let items = optional(
                "items",
                { value -> [ItemQuantity]? in
                    guard case .array(let elements) = value else { return nil }
                    var items: [ItemQuantity] = []
                    for element in elements {
                        guard let itemID = element["item_id"]?.string, let quantity = element["quantity"]?.integer
                        else {
                            return nil
                        }
                        items.append(ItemQuantity(itemID: itemID, quantity: quantity))
                    }
                    return items
                })
        else { return nil }
        self.init(
            eventType: eventType, messageID: messageID ?? "\(orderID)/\(eventType)", timestamp: timestamp,
            orderID: orderID, userID: userID ?? "", items: items ?? [], placedAt: placedAt ?? timestamp, reason: nil)
    }
}
