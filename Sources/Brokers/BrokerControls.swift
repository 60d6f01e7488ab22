/// What the lab can do to a broker it started, as its engine does it; a
/// control left nil is a fault the engine does not support.
public struct BrokerControls: Sendable {
    /// The broker's own process, found anew each time (a restart may change it).
    public var processID: (@Sendable () -> Int32?)?
    /// Stops the broker and whatever it started.
    public var stop: (@Sendable () async -> Void)?
    /// Stops the broker's application and starts it again on the same data.
    public var restart: (@Sendable () async throws -> Void)?
    /// Raises (true) or clears (false) a resource alarm that blocks every publisher.
    public var blockPublishers: (@Sendable (Bool) async throws -> Void)?

    public init(
        processID: (@Sendable () -> Int32?)? = nil, stop: (@Sendable () async -> Void)? = nil,
        restart: (@Sendable () async throws -> Void)? = nil,
        blockPublishers: (@Sendable (Bool) async throws -> Void)? = nil
    ) {
        self.processID = processID
        self.stop = stop
        self.restart = restart
        self.blockPublishers = blockPublishers
    }
}
