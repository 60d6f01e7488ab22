/// Why the inventory refused a reservation.
public enum InventoryFailureReason: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The item is not stocked at all.
    case unknownItem(itemID: String)
    /// The item is stocked, but not in the quantity asked for.
    case insufficientStock(itemID: String, requested: Int, available: Int)
    /// The reservation was released before it arrived (the caller gave up on it).
    case cancelled

    public var code: String {
        switch self {
        case .unknownItem: "unknown_item"
        case .insufficientStock: "insufficient_stock"
        case .cancelled: "cancelled"
        }
    }

    public var description: String {
        switch self {
        case .unknownItem(let itemID): "unknown item '\(itemID)'"
        case .insufficientStock(let itemID, let requested, let available):
            "insufficient stock for '\(itemID)': requested \(requested), available \(available)"
        case .cancelled: "reservation was cancelled before it was made"
        }
    }

    enum CodingKeys: String, CodingKey {
        case code, message
        case itemID = "item_id"
        case requested, available
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        switch try container.decode(String.self, forKey: .code) {
        case "unknown_item":
            self = .unknownItem(itemID: try container.decode(String.self, forKey: .itemID))
        case "insufficient_stock":
            self = .insufficientStock(
                itemID: try container.decode(String.self, forKey: .itemID),
                requested: try container.decode(Int.self, forKey: .requested),
                available: try container.decode(Int.self, forKey: .available))
        case "cancelled":
            self = .cancelled
        case let other:
            throw DecodingError.dataCorruptedError(
                forKey: .code, in: container, debugDescription: "unknown inventory failure code '\(other)'")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(code, forKey: .code)
        try container.encode(description, forKey: .message)
        switch self {
        case .unknownItem(let itemID):
            try container.encode(itemID, forKey: .itemID)
        case .insufficientStock(let itemID, let requested, let available):
            try container.encode(itemID, forKey: .itemID)
            try container.encode(requested, forKey: .requested)
            try container.encode(available, forKey: .available)
        case .cancelled:
            break
        }
    }
}
