import Faults
import LabKit
import Messaging
import OrderDomain

/// A lab of a log model (C, D): its analytics consumer counts what the log
/// carried, and the workflow ends at the inventory's reservation.
public protocol AnalyticsLab: OrderLab {
    var analyticsURL: String { get }
}

extension AnalyticsLab {
    public func metrics() async throws -> AnalyticsMetrics {
        try await client.getJSON(analyticsURL + "/metrics")
    }

    public func analyticsStats() async throws -> ConsumerStats.Snapshot {
        try await client.getJSON(analyticsURL + "/stats")
    }

    public func setAnalyticsFaults(_ plan: FaultPlan) async throws {
        try await client.setFaults(plan, at: analyticsURL)
    }

    /// Orders whose `InventoryReserved` analytics has counted: where a log
    /// model's workflow ends. Counted once per order in SQLite, so it holds
    /// across restarts of either reader.
    public func completedOrders() async throws -> Int {
        try await metrics().inventoryReserved
    }

    /// One order through, so every reader is reading before a scenario measures.
    public func warmUp() async throws {
        let before = try await metrics()
        _ = await placeOrder(user: "warm-up")
        _ = try await wait(upTo: .seconds(60)) {
            let now = try await self.metrics()
            return now.totalOrders > before.totalOrders && now.inventoryReserved > before.inventoryReserved
        }
    }
}

/// A log model's lab that can write to its log past the producer service and
/// tell when every reader has read to the end.
public protocol LogLab: AnalyticsLab {
    /// The analytics service's process.
    var analytics: ServiceProcess { get }
    /// Appends `count` OrderPlaced events past the producer service, each confirmed, a share of
    /// them with status `failed`.
    func appendEvents(_ count: Int, failureShare: Double) async throws -> AppendedEvents
    /// True when every reader has recorded that it read everything in its log.
    func readersCaughtUp() async throws -> Bool
}

extension ComparedLab where Self: AnalyticsLab {
    /// Reserved orders, timed by the inventory's decision: a log model has no notification service.
    public func completions(since: Timestamp) async throws -> [SentNotification] {
        try await ledgerEntries(since: since).filter { $0.state == "reserved" }.map {
            SentNotification(orderID: $0.orderID, sentMicroseconds: $0.decidedMicroseconds)
        }
    }
}
