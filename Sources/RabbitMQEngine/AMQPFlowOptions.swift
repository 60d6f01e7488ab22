import ArgumentParser

/// A part's defaults for ``AMQPFlowOptions``: how far ahead its readers take
/// messages, and what its roles are called in `--help`.
public protocol AMQPFlowDefaults {
    /// The roles that read, as `--help` names them ("inventory/notification").
    static var readers: String { get }
    /// The role that takes orders ("order", "producer").
    static var front: String { get }
    static var prefetch: Int { get }
    static var concurrency: Int { get }
}

/// How a RabbitMQ part's services move messages: what its readers let the
/// broker send ahead and hold at once, and how long its front waits for a
/// confirm. The same flags, ranges and errors for parts B and D; each states
/// its own defaults.
public struct AMQPFlowOptions<Defaults: AMQPFlowDefaults>: ParsableArguments {
    public init() {}

    @Option(
        help: ArgumentHelp(
            "\(Defaults.readers): unacknowledged messages the broker may send ahead (1…65535)."))
    public var prefetch = Defaults.prefetch

    @Option(
        help: ArgumentHelp(
            "\(Defaults.readers): messages in hand at once, in batches (1 while a delay fault is set)."))
    public var concurrency = Defaults.concurrency

    @Option(
        help: ArgumentHelp("\(Defaults.front): how long to wait for the broker's confirm before answering 503 (ms)."))
    public var publishTimeoutMs = 5_000

    public func validate() throws {
        // AMQP 0-9-1's basic.qos carries the prefetch count in 16 bits.
        guard (1...65_535).contains(prefetch), concurrency > 0, publishTimeoutMs > 0 else {
            throw ValidationError("--prefetch (1…65535), --concurrency and --publish-timeout-ms must be positive")
        }
    }
}
