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

    @OptionGroup public var flow: AMQPFlowOptions<RabbitStreamFlowDefaults>

}

/// Part D's readers and front, for ``AMQPFlowOptions``.
public enum RabbitStreamFlowDefaults: AMQPFlowDefaults {
    public static let readers = "inventory/analytics"
    public static let front = "producer"
    public static let prefetch = 2_000
    public static let concurrency = 1_000
}
