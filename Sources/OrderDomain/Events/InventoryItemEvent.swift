/// One item reserved or released by inventory, on the streaming log's
/// `inventory-events` topic beside the per-order outcome: the seeds'
/// `InventoryEvent` (one per item, action `reserve` or `release`).
public struct InventoryItemEvent: Codable, Sendable, Hashable {
    public static let eventType = "InventoryEvent"

    public enum Action: String, Codable, Sendable {
        case reserve, release
    }

    public var eventType = InventoryItemEvent.eventType
    public var eventID: String
    public var orderID: String
    public var action: Action
    public var itemID: String
    public var quantity: Int
    public var timestamp: Timestamp

    public init(
        sourceEventID: String, orderID: String, action: Action, item: ItemQuantity, timestamp: Timestamp = .now()
    ) {
        eventID = "\(sourceEventID)/\(action.rawValue)/\(item.itemID)"
        self.orderID = orderID
        self.action = action
        itemID = item.itemID
        quantity = item.quantity
        self.timestamp = timestamp
    }

    enum CodingKeys: String, CodingKey {
        case eventType = "event_type"
        case eventID = "event_id"
        case orderID = "order_id"
        case action
        case itemID = "item_id"
        case quantity, timestamp
    }
}
