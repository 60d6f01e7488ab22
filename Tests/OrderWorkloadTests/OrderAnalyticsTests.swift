import OrderDomain
import OrderWorkload
import Testing

@Suite struct OrderAnalyticsTests {
    let minute = Timestamp(microsecondsSinceEpoch: 1_795_000_020_000_000)

    @Test func countsEachEventOnceAndComputesTheFailureRate() async throws {
        let analytics = try OrderAnalytics(store: .memory)
        for index in 0..<8 { try await analytics.record(eventID: "o\(index)", kind: .orderPlaced, at: minute) }
        for index in 0..<2 { try await analytics.record(eventID: "f\(index)", kind: .orderFailed, at: minute) }
        #expect(try await analytics.record(eventID: "o1", kind: .orderPlaced, at: minute) == false)
        try await analytics.record(eventID: "o1/InventoryReserved", kind: .inventoryReserved, at: minute)
        let metrics = try await analytics.metrics()
        #expect(metrics.totalOrders == 10)
        #expect(metrics.successfulOrders == 8)
        #expect(metrics.failedOrders == 2)
        #expect(metrics.failureRate == 0.2)
        #expect(metrics.inventoryReserved == 1)
        #expect(metrics.ordersPerMinute.values.reduce(0, +) == 10)
    }

    @Test func ordersPerMinuteUsesEventTime() async throws {
        let analytics = try OrderAnalytics(store: .memory)
        try await analytics.record(eventID: "a", kind: .orderPlaced, at: minute)
        let later = Timestamp(microsecondsSinceEpoch: minute.microsecondsSinceEpoch + 61_000_000)
        try await analytics.record(eventID: "b", kind: .orderPlaced, at: later)
        try await analytics.record(eventID: "c", kind: .orderFailed, at: later)
        #expect(try await analytics.metrics().ordersPerMinute.values.sorted() == [1, 2])
    }

    @Test func resetForgetsEverythingSoAReplayRebuildsIt() async throws {
        let analytics = try OrderAnalytics(store: .memory)
        try await analytics.record(eventID: "a", kind: .orderPlaced, at: minute)
        try await analytics.reset()
        #expect(try await analytics.metrics().totalOrders == 0)
        #expect(try await analytics.record(eventID: "a", kind: .orderPlaced, at: minute))
        #expect(try await analytics.metrics().totalOrders == 1)
    }

    @Test func concurrentDuplicatesAreCountedOnce() async throws {
        let analytics = try OrderAnalytics(store: .memory)
        let fresh = try await withThrowingTaskGroup(of: Bool.self) { group in
            for index in 0..<200 {
                group.addTask { try await analytics.record(eventID: "e\(index % 50)", kind: .orderPlaced, at: minute) }
            }
            return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(fresh == 50)
        #expect(try await analytics.metrics().totalOrders == 50)
    }
}
