import AsyncHTTPClient
import Foundation
import LabKit
import NIOCore
import OrderDomain

/// Part A running for real: the three services as separate `commlab serve
/// sync-rest …` processes on loopback, and a client to drive them.
public final class SyncRESTLab: RunningLab {
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
        func launch(_ name: String, _ arguments: [String]) -> ServiceProcess {
            ServiceProcess(
                ServiceLaunch(
                    name: name, executable: options.executable, arguments: ["serve", "sync-rest", name] + arguments,
                    logPath: "\(dir)/\(name).log"))
        }
        let inventory = launch(
            "inventory", ["--database", "\(dir)/inventory.sqlite", "--stock", options.stock.argument])
        let notification = launch("notification", ["--database", "\(dir)/notifications.sqlite"])
        var started: [ServiceProcess] = []
        do {
            try await inventory.start(http: http)
            started.append(inventory)
            try await notification.start(http: http)
            started.append(notification)
            let inventoryURL = try await inventory.baseURL
            let notificationURL = try await notification.baseURL
            let order = launch(
                "order",
                [
                    "--inventory-url", inventoryURL, "--notification-url", notificationURL,
                    "--timeout-ms", String(options.downstreamTimeout.microseconds / 1000),
                ])
            try await order.start(http: http)
            let orderURL = try await order.baseURL
            progress.say("services up: order \(orderURL), inventory \(inventoryURL), notification \(notificationURL)")
            return SyncRESTLab(
                order: order, inventory: inventory, notification: notification, client: LabHTTPClient(http: http),
                workDirectory: dir, downstreamTimeout: options.downstreamTimeout, orderURL: orderURL,
                inventoryURL: inventoryURL, notificationURL: notificationURL)
        } catch {
            for process in started { try? await process.stop() }
            throw error
        }
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

    /// `POST /order` in the short form.
    public func placeOrder(user: String = "student-1", item: String = "pizza", quantity: Int = 1) async -> HTTPExchange
    {
        await client.send(.POST, orderURL + "/order", body: Self.orderBody(user: user, item: item, quantity: quantity))
    }

    /// `POST /order` with any body, for bad-input checks.
    public func postOrder(rawBody: String) async -> HTTPExchange {
        await client.send(.POST, orderURL + "/order", body: ByteBuffer(string: rawBody))
    }

    public static func orderBody(user: String, item: String, quantity: Int) -> ByteBuffer {
        ByteBuffer(string: #"{"user_id":"\#(user)","item":"\#(item)","quantity":\#(quantity)}"#)
    }

    public func stock() async throws -> StockLevels {
        StockLevels(try await client.getJSON(inventoryURL + "/stock", as: [String: Int].self))
    }

    public func notificationCount() async throws -> Int {
        try await client.getJSON(notificationURL + "/notifications/count", as: [String: Int].self)["count"] ?? 0
    }

    public func setInventoryFaults(_ plan: FaultPlan) async throws {
        try await client.setFaults(plan, at: inventoryURL)
    }

    public func setNotificationFaults(_ plan: FaultPlan) async throws {
        try await client.setFaults(plan, at: notificationURL)
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
