/// One decision asked of the ``InventoryLedger`` in a batch.
public enum LedgerRequest: Sendable, Hashable {
    /// Reserve these quantities under the id, all or nothing.
    case reserve(String, [ItemQuantity])
    /// Give back what the id reserved (or refuse it for good).
    case release(String)
}

/// What the ledger decided about one ``LedgerRequest``.
public enum LedgerDecision: Sendable, Hashable {
    case reserved(ReservationResult)
    case released(ReleaseOutcome)
}
