import OrderDomain

/// Where OrderService finds its downstream services and how long it waits for them.
public struct OrderServiceConfiguration: Sendable {
    public var inventoryURL: String
    public var notificationURL: String
    /// Deadline of each blocking downstream call; slower is a 504.
    public var downstreamTimeout: Duration
    public var limits: OrderLimits

    public init(
        inventoryURL: String, notificationURL: String, downstreamTimeout: Duration = .seconds(5),
        limits: OrderLimits = .standard
    ) {
        self.inventoryURL = inventoryURL
        self.notificationURL = notificationURL
        self.downstreamTimeout = downstreamTimeout
        self.limits = limits
    }
}
