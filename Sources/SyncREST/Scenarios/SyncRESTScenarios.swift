import LabKit
import OrderDomain
import OrderWorkload

/// Part A's scenarios in the order they run: each leaves the services
/// running and fault-free for the next.
public enum SyncRESTScenarios {
    public static func all(orders: Int) -> [any Scenario<SyncRESTLab>] {
        [
            BaselineLatencyScenario(orders: orders),
            DelayInjectionScenario(),
            FailureInjectionScenario(),
            InventoryDownScenario(),
            ConsistencyScenario(),
            CompensationScenario(),
            BadInputScenario<SyncRESTLab>(),
            DuplicateOrderScenario<SyncRESTLab>(),
            OrderLinkFaultScenario<SyncRESTLab>(.linkPartition),
            OrderLinkFaultScenario<SyncRESTLab>(.linkHalfOpen),
        ]
    }

    /// Stock for the scenarios: plenty of everything but salad, which keeps
    /// the seeds' 100 so the consistency scenario can sell out.
    public static let stock = StockLevels([
        "pizza": 1_000_000, "burger": 1_000_000, "sandwich": 1_000_000, "salad": 100,
    ])
}
