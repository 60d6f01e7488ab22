import Hummingbird
import ServiceLifecycle

/// One role of a part, wired and ready to run: its HTTP routes, the
/// long-lived clients it uses (a producer, a publisher), the services that
/// run beside the server (consumers, reporters), and what to close once all
/// have stopped. A part's builder makes it; the executable serves it and
/// tests drive the same value.
///
/// On shutdown the services stop first (a consumer drains, still publishing
/// through the clients), then the server, then the clients (which flush).
public struct BuiltService {
    public var router: Router<BasicRequestContext>
    public var clients: [any Service]
    public var services: [any Service]
    public var shutdown: @Sendable () async -> Void

    public init(
        router: Router<BasicRequestContext>, clients: [any Service] = [], services: [any Service] = [],
        shutdown: @escaping @Sendable () async -> Void = {}
    ) {
        self.router = router
        self.clients = clients
        self.services = services
        self.shutdown = shutdown
    }
}
