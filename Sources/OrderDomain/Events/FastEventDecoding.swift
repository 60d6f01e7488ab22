/// The events every consumer decodes thousands of times a second, read
/// without `JSONDecoder`: a profile of part C showed Foundation's decoder
/// taking a fifth to a quarter of each consumer's CPU per event. Each
/// initialiser returns nil for anything it does not read exactly as
/// `JSONDecoder` would (a missing, mistyped or repeated field, an escaped
/// string, a refusal's reason); the caller then decodes with `JSONDecoder`,
/// whose result and error message stand.
extension OrderPlaced {
    init?(fastJSON bytes: UnsafeBufferPointer<UInt8>) {
        guard let event = OrderPlacedFields.event(from: bytes) else { return nil }
        self = event
    }

    init?(fastJSON body: [UInt8]) {
        guard let event = body.withUnsafeBufferPointer(OrderPlacedFields.event(from:)) else { return nil }
        self = event
    }
}

extension InventoryOutcome {
    init?(fastJSON bytes: UnsafeBufferPointer<UInt8>) {
        guard let event = InventoryOutcomeFields.event(from: bytes) else { return nil }
        self = event
    }

    init?(fastJSON body: [UInt8]) {
        guard let event = body.withUnsafeBufferPointer(InventoryOutcomeFields.event(from:)) else { return nil }
        self = event
    }
}

/// An event's fields as they are read, one at a time, from its JSON object.
private protocol EventFields {
    associatedtype Event
    init()
    /// Reads (or skips) the value of the field named `key`; false gives up.
    mutating func read(_ key: JSONScanner.Key, from scanner: inout JSONScanner) -> Bool
    /// The event, when every field it needs was read.
    var event: Event? { get }
}

extension EventFields {
    static func event(from bytes: UnsafeBufferPointer<UInt8>) -> Event? {
        JSONScanner.scan(bytes) { scanner in
            var fields = Self()
            guard scanner.object(depth: 0, { fields.read($1, from: &$0) }) else { return nil }
            return fields.event
        }
    }
}

/// Sets a field read for the first time; a field read twice, or not read, gives up.
private func once<T>(_ field: inout T?, _ value: T?) -> Bool {
    guard field == nil, let value else { return false }
    field = value
    return true
}

/// An optional field: null (or absent) is nil; present twice, or of another type, gives up.
private func onceOptional<T>(_ field: inout T??, _ scanner: inout JSONScanner, _ read: (inout JSONScanner) -> T?)
    -> Bool
{
    guard field == nil else { return false }
    if scanner.null() {
        field = .some(nil)
        return true
    }
    guard let value = read(&scanner) else { return false }
    field = .some(value)
    return true
}

private struct OrderPlacedFields: EventFields {
    var eventType: String?
    var messageID: String??
    var orderID: String?
    var userID: String?
    var lines: [OrderLine]?
    var totalAmount: Double?
    var status: OrderStatus?
    var timestamp: Timestamp?

    mutating func read(_ key: JSONScanner.Key, from scanner: inout JSONScanner) -> Bool {
        switch key {
        case "event_type": once(&eventType, scanner.string())
        case "message_id": onceOptional(&messageID, &scanner) { $0.string() }
        case "order_id": once(&orderID, scanner.string())
        case "user_id": once(&userID, scanner.string())
        case "items": once(&lines, Self.lines(&scanner))
        case "total_amount": once(&totalAmount, scanner.double())
        case "status": once(&status, scanner.string().flatMap(OrderStatus.init(rawValue:)))
        case "timestamp": once(&timestamp, scanner.stringBytes().flatMap(Timestamp.init(iso8601Bytes:)))
        default: scanner.skipValue(depth: 1)
        }
    }

    static func lines(_ scanner: inout JSONScanner) -> [OrderLine]? {
        var lines: [OrderLine] = []
        let read = scanner.array(depth: 1) { scanner in
            var itemID: String?
            var quantity: Int?
            var price: Double?
            let read = scanner.object(depth: 2) { scanner, key in
                switch key {
                case "item_id": once(&itemID, scanner.string())
                case "quantity": once(&quantity, scanner.integer())
                case "price": once(&price, scanner.double())
                default: scanner.skipValue(depth: 3)
                }
            }
            guard read, let itemID, let quantity, let price else { return false }
            lines.append(OrderLine(itemID: itemID, quantity: quantity, price: price))
            return true
        }
        return read ? lines : nil
    }

    var event: OrderPlaced? {
        guard let eventType, let orderID, let userID, let lines, let totalAmount, let status, let timestamp else {
            return nil
        }
        var order = Order(orderID: orderID, userID: userID, items: lines, status: status, timestamp: timestamp)
        // The sender's total, as JSONDecoder reads it, not the sum the initialiser computes.
        order.totalAmount = totalAmount
        var event = OrderPlaced(order: order, messageID: (messageID ?? nil) ?? orderID)
        event.eventType = eventType
        return event
    }
}

private struct InventoryOutcomeFields: EventFields {
    var eventType: String?
    var orderID: String?
    var timestamp: Timestamp?
    var messageID: String??
    var userID: String??
    var placedAt: Timestamp??
    var items: [ItemQuantity]??
    var reasonIsNull = false

    mutating func read(_ key: JSONScanner.Key, from scanner: inout JSONScanner) -> Bool {
        switch key {
        case "event_type": return once(&eventType, scanner.string())
        case "order_id": return once(&orderID, scanner.string())
        case "timestamp": return once(&timestamp, scanner.stringBytes().flatMap(Timestamp.init(iso8601Bytes:)))
        case "message_id": return onceOptional(&messageID, &scanner) { $0.string() }
        case "user_id": return onceOptional(&userID, &scanner) { $0.string() }
        case "placed_at":
            return onceOptional(&placedAt, &scanner) { $0.stringBytes().flatMap(Timestamp.init(iso8601Bytes:)) }
        case "items": return onceOptional(&items, &scanner, Self.items)
        case "reason":
            // A refusal's reason has several shapes: JSONDecoder reads those.
            guard !reasonIsNull, scanner.null() else { return false }
            reasonIsNull = true
            return true
        default: return scanner.skipValue(depth: 1)
        }
    }

    static func items(_ scanner: inout JSONScanner) -> [ItemQuantity]? {
        var items: [ItemQuantity] = []
        let read = scanner.array(depth: 1) { scanner in
            var itemID: String?
            var quantity: Int?
            let read = scanner.object(depth: 2) { scanner, key in
                switch key {
                case "item_id": once(&itemID, scanner.string())
                case "quantity": once(&quantity, scanner.integer())
                default: scanner.skipValue(depth: 3)
                }
            }
            guard read, let itemID, let quantity else { return false }
            items.append(ItemQuantity(itemID: itemID, quantity: quantity))
            return true
        }
        return read ? items : nil
    }

    var event: InventoryOutcome? {
        guard let eventType, let orderID, let timestamp else { return nil }
        return InventoryOutcome(
            eventType: eventType, messageID: (messageID ?? nil) ?? "\(orderID)/\(eventType)", timestamp: timestamp,
            orderID: orderID, userID: (userID ?? nil) ?? "", items: (items ?? nil) ?? [],
            placedAt: (placedAt ?? nil) ?? timestamp, reason: nil)
    }
}
