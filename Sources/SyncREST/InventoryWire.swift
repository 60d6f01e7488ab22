import OrderDomain

/// `POST /reserve` body: reserve these quantities for this order.
public struct ReserveRequest: Codable, Sendable, Hashable {
    public var orderID: String
    public var items: [ItemQuantity]

    public init(orderID: String, items: [ItemQuantity]) {
        self.orderID = orderID
        self.items = items
    }

    enum CodingKeys: String, CodingKey {
        case orderID = "order_id"
        case items
    }
}

extension ReserveRequest: JSONBytesWritable {
    /// Written directly: the order service sends one per order (see OrderDomain's `JSONBytes`).
    public func write(to json: inout JSONBytes) {
        json.object { json in
            json.field("order_id", orderID)
            json.key("items")
            json.array(items) { json, item in item.write(to: &json) }
        }
    }
}

/// `POST /reserve` answer: 200 with `status: reserved`, or 409 with
/// `status: rejected` and the reason.
public struct ReserveResponse: Codable, Sendable, Hashable {
    public var orderID: String
    public var status: String
    public var items: [ItemQuantity]?
    public var reason: InventoryFailureReason?
    /// True when this order id was decided before and stock was not touched again.
    public var replayed: Bool

    enum CodingKeys: String, CodingKey {
        case orderID = "order_id"
        case status, items, reason, replayed
    }

    public init(orderID: String, result: ReservationResult) {
        self.orderID = orderID
        self.replayed = result.isReplay
        switch result.outcome {
        case .reserved(let items):
            status = "reserved"
            self.items = items
        case .rejected(let reason):
            status = "rejected"
            self.reason = reason
        }
    }
}

/// `POST /release` body and answer.
public struct ReleaseRequest: Codable, Sendable, Hashable {
    public var orderID: String

    public init(orderID: String) {
        self.orderID = orderID
    }

    enum CodingKeys: String, CodingKey {
        case orderID = "order_id"
    }
}

public struct ReleaseResponse: Codable, Sendable, Hashable {
    public var orderID: String
    public var outcome: ReleaseOutcome

    enum CodingKeys: String, CodingKey {
        case orderID = "order_id"
        case outcome
    }
}

/// `POST /send` answer.
public struct SendResponse: Codable, Sendable, Hashable {
    public var orderID: String
    /// False when this order had been notified before.
    public var recorded: Bool

    enum CodingKeys: String, CodingKey {
        case orderID = "order_id"
        case recorded
    }
}

/// `POST /cancel` body (NotificationService) and its answer.
public struct CancelRequest: Codable, Sendable, Hashable {
    public var orderID: String

    public init(orderID: String) {
        self.orderID = orderID
    }

    enum CodingKeys: String, CodingKey {
        case orderID = "order_id"
    }
}

public struct CancelResponse: Codable, Sendable, Hashable {
    public var orderID: String
    public var outcome: NotificationLog.CancelOutcome

    enum CodingKeys: String, CodingKey {
        case orderID = "order_id"
        case outcome
    }
}
