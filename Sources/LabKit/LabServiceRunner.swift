import Foundation
import Hummingbird
import Logging
import ServiceLifecycle

/// Runs one lab service's HTTP server until SIGTERM or SIGINT, under
/// swift-service-lifecycle so in-flight requests finish before it exits.
///
/// Once the port is bound it prints `NAME listening on http://HOST:PORT` and,
/// when asked, writes the port to a file: that is how a supervisor that
/// started it on port 0 learns where it is.
public struct LabServiceRunner: Sendable {
    public var name: String
    public var host: String
    public var port: Int
    public var portFile: String?
    public var logger: Logger
    /// When set, `/admin/*` requests must carry it (see ``AdminGuard``).
    public var adminToken: String?

    public init(name: String, host: String, port: Int, portFile: String?, logger: Logger) {
        self.name = name
        self.host = host
        self.port = port
        self.portFile = portFile
        self.logger = logger
    }

    /// Serves `router` alongside `services` (consumers, pollers) until a shutdown signal.
    /// `clients` start first and stop last; `services` stop first. (ServiceGroup
    /// shuts its services down in reverse order.)
    public func run(
        router: Router<BasicRequestContext>, clients: [any Service] = [], alongside services: [any Service] = []
    ) async throws {
        let name = self.name
        let portFile = self.portFile
        let app = Application(
            responder: AdminGuard(router.buildResponder(), token: adminToken),
            configuration: .init(address: .hostname(host, port: port), serverName: "commlab-\(name)"),
            onServerRunning: { channel in
                let bound = channel.localAddress?.port ?? 0
                if let portFile {
                    let temporary = portFile + ".tmp"
                    FileManager.default.createFile(atPath: temporary, contents: Data("\(bound)\n".utf8))
                    _ = rename(temporary, portFile)
                }
                let line = "\(name) listening on http://\(channel.localAddress?.ipAddress ?? "?"):\(bound)\n"
                FileHandle.standardOutput.write(Data(line.utf8))
            },
            logger: logger)
        var configuration = ServiceGroupConfiguration(
            services: clients.map { .init(service: $0) } + [.init(service: app)]
                + services.map { .init(service: $0) },
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger)
        // A service must stop within a bound even when its broker is unreachable:
        // what has not finished gracefully by then is cancelled.
        configuration.maximumGracefulShutdownDuration = Self.gracefulShutdownLimit
        configuration.maximumCancellationDuration = Self.cancellationLimit
        try await ServiceGroup(configuration: configuration).run()
    }

    /// How long a service may take to stop gracefully after SIGTERM/SIGINT
    /// (consumers drain, clients flush) before the rest is cancelled.
    public static let gracefulShutdownLimit: Duration = .seconds(15)
    /// How long cancelled work may take to end; past it the process exits with an error.
    public static let cancellationLimit: Duration = .seconds(5)

    /// Serves a part's built role until a shutdown signal, then runs its shutdown.
    public func run(_ built: BuiltService) async throws {
        do {
            try await run(router: built.router, clients: built.clients, alongside: built.services)
        } catch {
            await built.shutdown()
            throw error
        }
        await built.shutdown()
    }
}
