import Foundation

/// A customer's order as submitted, validated but not yet placed.
///
/// Two JSON forms are accepted:
/// - the short form `{"user_id": "u1", "item": "pizza", "quantity": 2}`, which
///   becomes a one-line order;
/// - the full form `{"user_id": "u1", "items": [{"item_id": "pizza", "quantity": 2, "price": 12.5}]}`,
///   where `price` is optional.
public struct OrderRequest: Sendable, Hashable {
    public var userID: String
    public var lines: [OrderLine]
    /// The client's own id for the order, when it sent one: its idempotency
    /// key, so the same order sent twice (a retry after a timeout) is placed once.
    public var orderID: String?

    public init(userID: String, lines: [OrderLine], orderID: String? = nil) {
        self.userID = userID
        self.lines = lines
        self.orderID = orderID
    }

    /// Decodes and validates a request body.
    public static func parse(
        _ body: Data, limits: OrderLimits = .standard, prices: PriceList = .campus
    ) throws(OrderValidationError) -> OrderRequest {
        guard body.count <= limits.maxBodyBytes else { throw .bodyTooLarge(limit: limits.maxBodyBytes) }
        let raw: RawOrderRequest
        do {
            raw = try JSONDecoder().decode(RawOrderRequest.self, from: body)
        } catch let error as DecodingError {
            throw Self.validationError(for: error)
        } catch {
            throw .malformedJSON(detail: "\(error)")
        }
        return try raw.validated(limits: limits, prices: prices)
    }

    /// Places the request: the client's order id (or a new one) and a timestamp.
    public func place(orderID: String? = nil, at timestamp: Timestamp = .now()) -> Order {
        Order(
            orderID: orderID ?? self.orderID ?? UUIDString.make(), userID: userID, items: lines, status: .placed,
            timestamp: timestamp)
    }

    private static func validationError(for error: DecodingError) -> OrderValidationError {
        switch error {
        case .typeMismatch(let type, let context):
            if context.codingPath.isEmpty {
                return .malformedJSON(detail: "expected a JSON object")
            }
            return .invalidField(path(context.codingPath), reason: "must be \(describe(type))")
        case .valueNotFound(_, let context):
            return .missingField(path(context.codingPath))
        case .keyNotFound(let key, let context):
            return .missingField(path(context.codingPath + [key]))
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty {
                let detail = (context.underlyingError as NSError?)?.localizedDescription ?? context.debugDescription
                return .malformedJSON(detail: detail)
            }
            return .invalidField(path(context.codingPath), reason: "is not a valid value")
        @unknown default:
            return .malformedJSON(detail: "\(error)")
        }
    }

    private static func path(_ codingPath: [any CodingKey]) -> String {
        codingPath.map { key in key.intValue.map { "[\($0)]" } ?? ".\(key.stringValue)" }
            .joined()
            .replacingOccurrences(of: ".[", with: "[")
            .drop(while: { $0 == "." })
            .description
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is Int.Type: "an integer"
        case is Double.Type: "a number"
        case is String.Type: "a string"
        case is [RawOrderLine].Type: "an array of items"
        default: "of type \(type)"
        }
    }
}

/// The request exactly as sent, every field optional, so that absence is
/// reported by validation with the field's name rather than as a decoding failure.
private struct RawOrderRequest: Decodable {
    var orderID: String?
    var userID: String?
    var item: String?
    /// A number, not an Int: Foundation reports `2.5` or `1e30` for an Int
    /// as invalid JSON with no field, so integrality is checked here instead.
    var quantity: Double?
    var price: Double?
    var items: [RawOrderLine]?

    enum CodingKeys: String, CodingKey {
        case orderID = "order_id"
        case userID = "user_id"
        case item, quantity, price, items
    }

    func validated(limits: OrderLimits, prices: PriceList) throws(OrderValidationError) -> OrderRequest {
        guard let userID else { throw .missingField("user_id") }
        try checkIdentifier(userID, field: "user_id", limits: limits)
        if let orderID { try checkIdentifier(orderID, field: "order_id", limits: limits) }
        let lines: [OrderLine]
        if let items {
            guard item == nil, quantity == nil else {
                throw .invalidField("items", reason: "cannot be combined with 'item'/'quantity'")
            }
            guard !items.isEmpty else { throw .invalidField("items", reason: "must not be empty") }
            guard items.count <= limits.maxLines else {
                throw .invalidField("items", reason: "must have at most \(limits.maxLines) entries")
            }
            var validated: [OrderLine] = []
            for (index, line) in items.enumerated() {
                validated.append(try line.validated(field: "items[\(index)]", limits: limits, prices: prices))
            }
            lines = validated
        } else {
            guard let item else { throw .missingField("item") }
            guard let quantity else { throw .missingField("quantity") }
            let line = RawOrderLine(itemID: item, quantity: quantity, price: price)
            lines = [try line.validated(field: nil, limits: limits, prices: prices)]
        }
        return OrderRequest(userID: userID, lines: lines, orderID: orderID)
    }
}

private struct RawOrderLine: Decodable {
    var itemID: String?
    var quantity: Double?
    var price: Double?

    enum CodingKeys: String, CodingKey {
        case itemID = "item_id"
        case quantity, price
    }

    func validated(field prefix: String?, limits: OrderLimits, prices: PriceList) throws(OrderValidationError)
        -> OrderLine
    {
        func name(_ field: String) -> String { prefix.map { "\($0).\(field)" } ?? field }
        let itemField = prefix == nil ? "item" : name("item_id")
        guard let itemID else { throw .missingField(itemField) }
        try checkIdentifier(itemID, field: itemField, limits: limits)
        guard let number = quantity else { throw .missingField(name("quantity")) }
        guard number == number.rounded(), abs(number) < 1e15 else {
            throw .invalidField(name("quantity"), reason: "must be a whole number, got \(number)")
        }
        let quantity = Int(number)
        guard quantity > 0 else { throw .invalidField(name("quantity"), reason: "must be at least 1, got \(quantity)") }
        guard quantity <= limits.maxQuantity else {
            throw .invalidField(name("quantity"), reason: "must be at most \(limits.maxQuantity), got \(quantity)")
        }
        let unitPrice = price ?? prices.price(of: itemID)
        guard unitPrice.isFinite, unitPrice >= 0 else {
            throw .invalidField(name("price"), reason: "must be a non-negative number")
        }
        guard unitPrice <= limits.maxPrice else {
            throw .invalidField(name("price"), reason: "must be at most \(limits.maxPrice), got \(unitPrice)")
        }
        return OrderLine(itemID: itemID, quantity: quantity, price: unitPrice)
    }
}

private func checkIdentifier(_ value: String, field: String, limits: OrderLimits) throws(OrderValidationError) {
    guard !value.trimmingCharacters(in: .whitespaces).isEmpty else {
        throw .invalidField(field, reason: "must not be empty")
    }
    guard value.utf8.count <= limits.maxIdentifierLength else {
        throw .invalidField(field, reason: "must be at most \(limits.maxIdentifierLength) bytes")
    }
    guard value.unicodeScalars.allSatisfy({ !$0.properties.isWhitespace || $0 == " " }),
        !value.unicodeScalars.contains(where: { $0.value < 0x20 })
    else {
        throw .invalidField(field, reason: "must not contain control characters")
    }
}
