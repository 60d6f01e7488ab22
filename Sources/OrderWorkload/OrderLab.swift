import Synchronization
import Faults
import LabKit
import Messaging
import NIOCore
import OrderDomain

/// What every part's lab offers its scenarios for the ordering workload:
/// the order entry point and the inventory service, reached over HTTP.
public protocol OrderLab: RunningLab {
    var client: LabHTTPClient { get }
    /// Base URL of the service that takes `POST /order`.
    var orderURL: String { get }
    /// Base URL of the inventory service.
    var inventoryURL: String { get }
    /// Orders whose workflow has finished: notified (A, B), reserved (C).
    func completedOrders() async throws -> Int
}

extension OrderLab {
    /// `POST /order` in the short form.
    public func placeOrder(user: String = "student-1", item: String = "pizza", quantity: Int = 1) async
        -> HTTPExchange
    {
        await client.send(.POST, orderURL + "/order", body: OrderBody.short(user: user, item: item, quantity: quantity))
    }

    /// `POST /order` in the full form with the client's own `order_id`.
    public func placeOrder(id: String, user: String, item: String, quantity: Int) async -> HTTPExchange {
        await client.send(
            .POST, orderURL + "/order",
            body: ByteBuffer(
                string:
                    #"{"order_id":"\#(id)","user_id":"\#(user)","items":[{"item_id":"\#(item)","quantity":\#(quantity)}]}"#
            ))
    }

    /// `POST /order` with any body, for bad-input checks.
    public func postOrder(rawBody: String) async -> HTTPExchange {
        await client.send(.POST, orderURL + "/order", body: ByteBuffer(string: rawBody))
    }

    public func stock() async throws -> StockLevels {
        StockLevels(try await client.getJSON(inventoryURL + "/stock", as: [String: Int].self))
    }

    public func setInventoryFaults(_ plan: FaultPlan) async throws {
        try await client.setFaults(plan, at: inventoryURL)
    }

    /// The inventory consumer's counters (parts with a consumer).
    public func inventoryStats() async throws -> ConsumerStats.Snapshot {
        try await client.getJSON(inventoryURL + "/stats")
    }

    /// Waits until the count of completed orders has not moved for `quiet`
    /// (at most `limit`), so a scenario's "before" figures do not include an
    /// earlier scenario's stragglers.
    public func awaitQuiet(for quiet: Duration = .seconds(1), upTo limit: Duration = .seconds(15)) async throws {
        let clock = ContinuousClock()
        let deadline = clock.now + limit
        var last = try await completedOrders()
        var unchangedSince = clock.now
        while clock.now < deadline, clock.now - unchangedSince < quiet {
            try await Task.sleep(for: .milliseconds(100))
            let now = try await completedOrders()
            if now != last {
                last = now
                unchangedSince = clock.now
            }
        }
    }

    /// Waits until the stock of `item` has fallen by exactly the number of
    /// orders completed since `before` (each of `quantity`), or `limit` passes;
    /// returns the two figures last seen. Completion trails the stock change
    /// by a hop, so a single reading can catch them apart.
    public func awaitStockMatchesCompletions(
        item: String, quantity: Int = 1, stockBefore: Int, completedBefore: Int, upTo limit: Duration = .seconds(20)
    ) async throws -> (taken: Int, completed: Int) {
        // The figures of the reading that met (or of the last one): read again afterwards, an order still in
        // flight could have taken stock and not yet completed.
        let reading = Mutex((taken: 0, completed: 0))
        _ = try await wait(upTo: limit, every: .milliseconds(100)) {
            let taken = stockBefore - (try await self.stock()[item] ?? 0)
            let completed = try await self.completedOrders() - completedBefore
            reading.withLock { $0 = (taken, completed) }
            return taken == completed * quantity
        }
        return reading.withLock { $0 }
    }

    /// Polls `probe` until it returns true or `limit` passes; returns whether it did.
    public func wait(
        upTo limit: Duration = .seconds(60), every interval: Duration = .milliseconds(50),
        until probe: @Sendable () async throws -> Bool
    ) async throws -> Bool {
        try await poll(upTo: limit, every: interval, until: probe)
    }
}

/// Order request bodies as a client writes them.
public enum OrderBody {
    /// The short form `{user_id, item, quantity}`.
    public static func short(user: String, item: String, quantity: Int) -> ByteBuffer {
        ByteBuffer(string: #"{"user_id":"\#(user)","item":"\#(item)","quantity":\#(quantity)}"#)
    }
}

/// A lab of an order service, an inventory and a notification service, each
/// its own process (parts A and B): the roles, their URLs and the end of the
/// workflow (a notification) come from its running services.
public protocol NotifyingOrderLab: OrderLab {
    var services: RunningServices { get }
}

extension NotifyingOrderLab {
    public var order: ServiceProcess { services["order"] }
    public var inventory: ServiceProcess { services["inventory"] }
    public var notification: ServiceProcess { services["notification"] }
    public var orderURL: String { services.url("order") }
    public var inventoryURL: String { services.url("inventory") }
    public var notificationURL: String { services.url("notification") }

    /// Orders notified: the end of the workflow.
    public func completedOrders() async throws -> Int {
        try await notificationCount()
    }

    public func notificationCount() async throws -> Int {
        try await client.getJSON(notificationURL + "/notifications/count", as: [String: Int].self)["count"] ?? 0
    }

    public func setNotificationFaults(_ plan: FaultPlan) async throws {
        try await client.setFaults(plan, at: notificationURL)
    }
}
