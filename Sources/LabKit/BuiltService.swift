import Hummingbird
import ServiceLifecycle

/// One role of a part, wired and ready to run: its HTTP routes, the
/// services that run beside the server (consumers, reporters), and what to
/// close once they have stopped. A part's builder makes it; the executable
/// serves it and tests drive the same value.
public struct BuiltService {
    public var router: Router<BasicRequestContext>
    public var services: [any Service]
    public var shutdown: @Sendable () async -> Void

    public init(
        router: Router<BasicRequestContext>, services: [any Service] = [],
        shutdown: @escaping @Sendable () async -> Void = {}
    ) {
        self.router = router
        self.services = services
        self.shutdown = shutdown
    }
}
