import LabKit
import OrderDomain
import OrderWorkload

/// Part B's scenarios in the order they run; each leaves the services
/// running and fault-free for the next.
public enum AsyncQueueScenarios {
    public static func all(throughputOrders: Int) -> [any Scenario<AsyncQueueLab>] {
        [
            BacklogDrainScenario(),
            IdempotencyScenario(),
            DeadLetterScenario(),
            ThroughputScenario(orders: throughputOrders),
            QueueConsistencyScenario(),
            BadInputScenario<AsyncQueueLab>(),
            SeedFormatScenario(),
            DuplicateOrderScenario<AsyncQueueLab>(),
            BrokerPausedScenario<AsyncQueueLab>(.frozen),
            BrokerPausedScenario<AsyncQueueLab>(.publishersBlocked),
            ShutdownBrokerUnreachableScenario<AsyncQueueLab>(),
            ConsumerCrashScenario<AsyncQueueLab>(),
            TwoConsumersScenario<AsyncQueueLab>(),
            BrokerRestartScenario<AsyncQueueLab>(),
            BrokerRestartScenario<AsyncQueueLab>(.crash(downFor: .seconds(1))),
            OrderLinkFaultScenario<AsyncQueueLab>(.linkPartition),
            OrderLinkFaultScenario<AsyncQueueLab>(.linkHalfOpen),
        ]
    }

    /// Plenty of everything but salad, which the consistency scenario sells out.
    public static let stock = StockLevels([
        "pizza": 10_000_000, "burger": 10_000_000, "sandwich": 10_000_000, "salad": 100,
    ])
}
