import Messaging
import OrderDomain

/// Where an inventory decision is published on one transport: the outcome
/// (`InventoryReserved` / `InventoryFailed`) always, and the per-item
/// reserve/release events where the transport's readers want them (the log).
public struct InventoryOutputs: Sendable {
    public var outcome: @Sendable (InventoryOutcome) -> OutboundMessage
    /// nil: no per-item events.
    public var itemEvent: (@Sendable (InventoryItemEvent) -> OutboundMessage)?

    public init(
        outcome: @escaping @Sendable (InventoryOutcome) -> OutboundMessage,
        itemEvent: (@Sendable (InventoryItemEvent) -> OutboundMessage)? = nil
    ) {
        self.outcome = outcome
        self.itemEvent = itemEvent
    }
}
