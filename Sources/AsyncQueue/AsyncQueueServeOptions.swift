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

    @OptionGroup public var flow: AMQPFlowOptions<AsyncQueueFlowDefaults>

}

/// Part B's readers and front, for ``AMQPFlowOptions``.
public enum AsyncQueueFlowDefaults: AMQPFlowDefaults {
    public static let readers = "inventory/notification"
    public static let front = "order"
    public static let prefetch = 200
    public static let concurrency = 200
}
