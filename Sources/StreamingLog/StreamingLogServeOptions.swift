import ArgumentParser
import KafkaEngine
import LabKit
import OrderWorkload

/// `commlab serve streaming-log ROLE` options.
public struct StreamingLogServeOptions: ParsableCommand, ServiceOptions {
    public static let configuration = CommandConfiguration(
        commandName: "commlab serve streaming-log", abstract: "One service of part streaming-log; ROLE comes first.")

    public init() {}

    @OptionGroup public var server: ServerOptions

    @OptionGroup public var kafka: KafkaClientOptions

    @OptionGroup public var store: StoreOptions

    @Option(
        help:
            "inventory/analytics: messages in hand at once, in batches of what one poll brought (1 while a delay fault is set)."
    )
    public var concurrency = 2_000

    @Option(help: "analytics: seconds between its one-line reports (a final JSON report is printed at shutdown).")
    public var reportIntervalSeconds = 10

    public func validate() throws {
        guard concurrency > 0, reportIntervalSeconds > 0 else {
            throw ValidationError("--concurrency and --report-interval-seconds must be positive")
        }
    }
}
