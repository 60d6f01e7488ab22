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
                string: #"{"order_id":"\#(id)","user_id":"\#(user)","items":[{"item_id":"\#(item)","quantity":\#(quantity)}]}"#
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

/// A lab whose workflow ends at a notification service (parts A and B).
public protocol NotifyingOrderLab: OrderLab {
    var notificationURL: String { get }
}

extension NotifyingOrderLab {
    public func notificationCount() async throws -> Int {
        try await client.getJSON(notificationURL + "/notifications/count", as: [String: Int].self)["count"] ?? 0
    }

    public func setNotificationFaults(_ plan: FaultPlan) async throws {
        try await client.setFaults(plan, at: notificationURL)
    }
}
