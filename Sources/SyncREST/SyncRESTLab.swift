import AsyncHTTPClient
import Foundation
import LabKit
import NIOCore
import OrderDomain
import OrderWorkload

/// Part A running for real: the three services as separate `commlab serve
/// sync-rest …` processes on loopback, and a client to drive them.
public final class SyncRESTLab: NotifyingOrderLab {
    public let order: ServiceProcess
    public let inventory: ServiceProcess
    public let notification: ServiceProcess
    public let client: LabHTTPClient
    public let workDirectory: String
    /// OrderService's deadline for each downstream call.
    public let downstreamTimeout: Duration
    /// Base URLs, fixed at start: restarts reuse the ports.
    public let orderURL: String
    public let inventoryURL: String
    public let notificationURL: String

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
        let launcher = ServiceLauncher(executable: options.executable, part: SyncRESTPart.name, directory: dir)
        let inventory = launcher.process(
            "inventory", ["--database", "\(dir)/inventory.sqlite", "--stock", options.stock.argument])
        let notification = launcher.process("notification", ["--database", "\(dir)/notifications.sqlite"])
        try await ServiceLauncher.start([inventory, notification], http: http)
        let inventoryURL = try await inventory.baseURL
        let notificationURL = try await notification.baseURL
        let order = launcher.process(
            "order",
            [
                "--inventory-url", inventoryURL, "--notification-url", notificationURL,
                "--timeout-ms", String(options.downstreamTimeout.microseconds / 1000),
            ])
        do {
            try await order.start(http: http)
        } catch {
            for process in [inventory, notification] { try? await process.stop() }
            throw error
        }
        let orderURL = try await order.baseURL
        progress.say("services up: order \(orderURL), inventory \(inventoryURL), notification \(notificationURL)")
        return SyncRESTLab(
            order: order, inventory: inventory, notification: notification, client: LabHTTPClient(http: http),
            workDirectory: dir, downstreamTimeout: options.downstreamTimeout, orderURL: orderURL,
            inventoryURL: inventoryURL, notificationURL: notificationURL)
    }

    private init(
        order: ServiceProcess, inventory: ServiceProcess, notification: ServiceProcess, client: LabHTTPClient,
        workDirectory: String, downstreamTimeout: Duration, orderURL: String, inventoryURL: String,
        notificationURL: String
    ) {
        self.order = order
        self.inventory = inventory
        self.notification = notification
        self.client = client
        self.workDirectory = workDirectory
        self.downstreamTimeout = downstreamTimeout
        self.orderURL = orderURL
        self.inventoryURL = inventoryURL
        self.notificationURL = notificationURL
    }

    /// Stops all three gracefully.
    public func stop() async {
        for process in [order, inventory, notification] { try? await process.stop() }
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
