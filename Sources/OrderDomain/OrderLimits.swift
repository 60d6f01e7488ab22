/// Bounds an order request must stay within; anything outside is refused with
/// a validation error instead of reaching the inventory.
public struct OrderLimits: Sendable, Hashable {
    /// Largest quantity of one line.
    public var maxQuantity: Int
    /// Most lines in one order.
    public var maxLines: Int
    /// Longest `user_id` and `item_id`, in UTF-8 bytes.
    public var maxIdentifierLength: Int
    /// Largest request body, in bytes.
    public var maxBodyBytes: Int
    /// Highest unit price; with the quantity and line limits it keeps every
    /// total a finite, exact amount.
    public var maxPrice: Double

    public init(
        maxQuantity: Int = 1_000, maxLines: Int = 50, maxIdentifierLength: Int = 128, maxBodyBytes: Int = 64 * 1024,
        maxPrice: Double = 1_000_000
    ) {
        self.maxPrice = maxPrice
        self.maxQuantity = maxQuantity
        self.maxLines = maxLines
        self.maxIdentifierLength = maxIdentifierLength
        self.maxBodyBytes = maxBodyBytes
    }

    public static let standard = OrderLimits()
}
