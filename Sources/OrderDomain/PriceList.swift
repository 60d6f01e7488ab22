/// Unit prices used when a request does not carry its own (the short form).
public struct PriceList: Sendable {
    public var prices: [String: Double]

    public init(_ prices: [String: Double]) {
        self.prices = prices
    }

    /// The campus menu of the seeds.
    public static let campus = PriceList(["pizza": 12.5, "burger": 9.0, "salad": 7.5, "sandwich": 8.0])

    /// The unit price of `itemID`; an unknown item costs nothing here because
    /// whether it exists is the inventory's decision, not the price list's.
    public func price(of itemID: String) -> Double {
        prices[itemID] ?? 0
    }
}
