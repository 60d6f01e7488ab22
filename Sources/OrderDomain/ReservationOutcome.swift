/// What the inventory decided about one reservation.
public enum ReservationOutcome: Sendable, Hashable {
    /// Every item was reserved; stock went down by these quantities.
    case reserved([ItemQuantity])
    /// Nothing was reserved; stock is unchanged.
    case rejected(InventoryFailureReason)
}

/// A reservation decision, and whether it was made now or replayed from an
/// earlier attempt with the same reservation id (a redelivery, a retry).
public struct ReservationResult: Sendable, Hashable {
    public var outcome: ReservationOutcome
    /// True when the same reservation id was seen before and stock was not touched again.
    public var isReplay: Bool

    public init(outcome: ReservationOutcome, isReplay: Bool) {
        self.outcome = outcome
        self.isReplay = isReplay
    }
}

/// What releasing a reservation did.
public enum ReleaseOutcome: String, Sendable, Hashable, Codable {
    /// The reserved quantities went back into stock.
    case released
    /// It had been released before; nothing changed.
    case alreadyReleased = "already_released"
    /// Nothing was reserved under that id; a later reservation with it will be refused.
    case nothingReserved = "nothing_reserved"
}
