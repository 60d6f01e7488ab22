import ArgumentParser
import LabKit
import OrderWorkload

/// `commlab serve streaming-log ROLE` options.
public struct StreamingLogServeOptions: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "commlab serve streaming-log", abstract: "One service of part streaming-log; ROLE comes first.")

    public init() {}

    @OptionGroup public var server: ServerOptions

    @Option(help: "Bootstrap servers. Default: $KAFKA_BROKERS.")
    public var kafkaBrokers: String?

    @OptionGroup public var store: StoreOptions

    @Option(help: "inventory/analytics: messages handled at once (1 while a delay fault is set).")
    public var concurrency = 64

    @Option(help: "analytics: seconds between its one-line reports (a final JSON report is printed at shutdown).")
    public var reportIntervalSeconds = 10

    @Option(help: "Consumer session timeout (ms): how soon a vanished member is dropped.")
    public var sessionTimeoutMs = 6_000

    public func validate() throws {
        guard concurrency > 0, sessionTimeoutMs > 0, reportIntervalSeconds > 0 else {
            throw ValidationError("--concurrency, --session-timeout-ms and --report-interval-seconds must be positive")
        }
    }
}
