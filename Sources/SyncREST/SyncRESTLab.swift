import AsyncHTTPClient
import Foundation
import LabKit
import LinkFaults
import NIOCore
import OrderDomain
import OrderWorkload

/// Part A running for real: the three services as separate `commlab serve
/// sync-rest …` processes on loopback, and a client to drive them.
public final class SyncRESTLab: NotifyingOrderLab {
    public let services: RunningServices
    public let client: LabHTTPClient
    public let workDirectory: String
    /// OrderService's deadline for each downstream call.
    public let downstreamTimeout: Duration

    public struct Options: Sendable {
        public var executable: String
        public var workDirectory: String
        public var stock: StockLevels
        public var downstreamTimeout: Duration

        public init(executable: String, workDirectory: String, stock: StockLevels, downstreamTimeout: Duration) {
            self.executable = executable
            self.workDirectory = workDirectory
            self.stock = stock
            self.downstreamTimeout = downstreamTimeout
        }
    }

    /// Starts inventory and notification, then order pointed at them; on any
    /// failure, stops what it started.
    public static func start(_ options: Options, http: HTTPClient, progress: ProgressLog) async throws -> SyncRESTLab {
        let dir = options.workDirectory
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        // A cgroup per role where the kernel allows it, so the lab can cut the order service's link.
        try await LinkFaultSupport.prepareForRun()
        let launcher = ServiceLauncher(
            executable: options.executable, part: SyncRESTPart.name, directory: dir,
            groupFolder: ProcessGroup.make(lab: SyncRESTPart.name)?.folder)
        var services = RunningServices()
        try await services.start(
            [
                launcher.process(
                    "inventory", ["--database", "\(dir)/inventory.sqlite", "--stock", options.stock.argument]),
                launcher.process("notification", ["--database", "\(dir)/notifications.sqlite"]),
            ], http: http)
        try await services.start(
            [
                launcher.process(
                    "order",
                    [
                        "--inventory-url", services.url("inventory"), "--notification-url",
                        services.url("notification"), "--timeout-ms",
                        String(options.downstreamTimeout.microseconds / 1000),
                        "--database", "\(dir)/order-compensations.sqlite",
                    ])
            ], http: http)
        progress.say("services up: \(services.summary)")
        return SyncRESTLab(
            services: services, client: LabHTTPClient(http: http), workDirectory: dir,
            downstreamTimeout: options.downstreamTimeout)
    }

    private init(
        services: RunningServices, client: LabHTTPClient, workDirectory: String, downstreamTimeout: Duration
    ) {
        self.services = services
        self.client = client
        self.workDirectory = workDirectory
        self.downstreamTimeout = downstreamTimeout
    }

    /// Compensations the order service has queued and not yet carried out.
    public func pendingCompensations() async throws -> Int {
        try await client.getJSON(orderURL + "/compensations/pending", as: [String: Int].self)["count"] ?? 0
    }

    /// Stops all three gracefully.
    public func stop() async {
        await services.stop()
    }

    /// The inventory's state of an order's reservation, nil when it has none.
    public func reservationState(of orderID: String) async throws -> String? {
        let exchange = await client.send(.GET, inventoryURL + "/reservations/\(orderID)")
        if exchange.status == 404 { return nil }
        guard exchange.status == 200, let body = exchange.decode([String: String].self) else {
            throw LabHTTPError.unexpected(url: inventoryURL + "/reservations/\(orderID)", exchange: exchange)
        }
        return body["state"]
    }

    /// Waits until every order's reservation is `released` (final: its stock,
    /// if any was taken, is back, and a late reservation can take none).
    public func awaitReleased(_ orderIDs: [String], within limit: Duration = .seconds(20)) async throws -> Bool {
        try await poll(upTo: limit, every: .milliseconds(50)) {
            for id in orderIDs where try await self.reservationState(of: id) != "released" { return false }
            return true
        }
    }

    /// The order id an error answer names, if any.
    public static func orderID(in exchange: HTTPExchange) -> String? {
        exchange.decode(ErrorBody.self)?.error.details?["order_id"]
    }

    /// Polls the stock until `condition` holds or `limit` passes; returns the
    /// last stock seen. Releases after a timeout land asynchronously.
    public func awaitStock(
        within limit: Duration = .seconds(15), until condition: @Sendable (StockLevels) -> Bool
    ) async throws -> StockLevels {
        _ = try await poll(upTo: limit, every: .milliseconds(100)) { condition(try await self.stock()) }
        return try await stock()
    }
}
