/// A queue to declare, with its arguments (dead-lettering, length limits…).
public struct AMQPQueueDeclaration: Sendable, Hashable {
    public var name: String
    public var durable: Bool
    public var arguments: [String: AMQPFieldValue]

    public init(name: String, durable: Bool = true, arguments: [String: AMQPFieldValue] = [:]) {
        self.name = name
        self.durable = durable
        self.arguments = arguments
    }

    /// Messages rejected without requeue go to `exchange` (with `routingKey`, if given).
    public func deadLettering(to exchange: String, routingKey: String? = nil) -> AMQPQueueDeclaration {
        var copy = self
        copy.arguments["x-dead-letter-exchange"] = .string(exchange)
        if let routingKey { copy.arguments["x-dead-letter-routing-key"] = .string(routingKey) }
        return copy
    }
}

/// What the broker said about a declared (or inspected) queue.
public struct AMQPQueueState: Sendable, Hashable {
    /// Messages ready for delivery (not counting unacked ones).
    public var messageCount: Int
    public var consumerCount: Int
}
