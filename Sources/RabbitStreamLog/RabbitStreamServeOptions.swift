import ArgumentParser
import LabKit
import RabbitMQEngine
import OrderWorkload

/// `commlab serve rabbitmq-stream ROLE` options.
public struct RabbitStreamServeOptions: ParsableCommand, ServiceOptions {
    public static let configuration = CommandConfiguration(
        commandName: "commlab serve rabbitmq-stream", abstract: "One service of part rabbitmq-stream; ROLE comes first."
    )

    public init() {}

    @OptionGroup public var server: ServerOptions

    @OptionGroup public var broker: AMQPClientOptions

    @OptionGroup public var store: StoreOptions

    @Option(help: "inventory/analytics: records the broker may send ahead of the reader's acks (a stream needs one).")
    public var prefetch = 2_000

    @Option(help: "inventory/analytics: messages in hand at once, in batches (1 while a delay fault is set).")
    public var concurrency = 1_000

    @Option(help: "producer: how long to wait for the broker's confirm before answering 503 (ms).")
    public var publishTimeoutMs = 5_000

    public func validate() throws {
        guard prefetch > 0, prefetch <= 65_535, concurrency > 0, publishTimeoutMs > 0 else {
            throw ValidationError(
                "--prefetch (1…65535), --concurrency and --publish-timeout-ms must be positive")
        }
    }
}
