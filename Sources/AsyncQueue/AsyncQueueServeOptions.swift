import ArgumentParser
import LabKit
import RabbitMQEngine
import OrderWorkload

/// `commlab serve async-queue ROLE` options.
public struct AsyncQueueServeOptions: ParsableCommand, ServiceOptions {
    public static let configuration = CommandConfiguration(
        commandName: "commlab serve async-queue", abstract: "One service of part async-queue; ROLE comes first.")

    public init() {}

    @OptionGroup public var server: ServerOptions

    @OptionGroup public var broker: AMQPClientOptions

    @OptionGroup public var store: StoreOptions

    @Option(help: "inventory/notification: unacknowledged messages the broker may send ahead.")
    public var prefetch = 200

    @Option(help: "inventory/notification: messages in hand at once, in batches (1 while a delay fault is set).")
    public var concurrency = 200

    @Option(help: "order: how long to wait for the broker's confirm before answering 503 (ms).")
    public var publishTimeoutMs = 5_000

    public func validate() throws {
        guard prefetch > 0, concurrency > 0, publishTimeoutMs > 0 else {
            throw ValidationError("--prefetch, --concurrency and --publish-timeout-ms must be positive")
        }
    }
}
