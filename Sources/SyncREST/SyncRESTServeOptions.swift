import ArgumentParser
import LabKit
import OrderWorkload

/// `commlab serve sync-rest ROLE` options.
public struct SyncRESTServeOptions: ParsableCommand, ServiceOptions {
    public static let configuration = CommandConfiguration(
        commandName: "commlab serve sync-rest", abstract: "One service of part sync-rest; ROLE comes first.")

    public init() {}

    @OptionGroup public var server: ServerOptions

    @Option(help: "order: base URL of the inventory service.")
    public var inventoryURL: String?

    @Option(help: "order: base URL of the notification service.")
    public var notificationURL: String?

    @Option(help: "order: deadline (ms) of each blocking downstream call; slower answers become 504.")
    public var timeoutMs = 5_000

    @OptionGroup public var store: StoreOptions

    public func validate() throws {
        guard timeoutMs > 0 else { throw ValidationError("--timeout-ms must be positive") }
    }
}
