import LabKit
import OrderDomain
import OrderWorkload

/// Part C's scenarios in the order they run.
public enum StreamingLogScenarios {
    public static func all(bulkEvents: Int) -> [any Scenario<StreamingLogLab>] {
        [
            BulkProduceScenario(events: bulkEvents),
            ConsumerLagScenario(),
            ReplayScenario(),
            ReplayCrashScenario(),
            AnalyticsCrashScenario<StreamingLogLab>(name: "crash-resume", resumesFrom: "its committed offset"),
            PoisonEventScenario(),
            BadInputScenario<StreamingLogLab>(),
            SeedFormatScenario(),
            DuplicateOrderScenario<StreamingLogLab>(),
            BrokerPausedScenario<StreamingLogLab>(),
            ShutdownBrokerUnreachableScenario<StreamingLogLab>(),
            ConsumerCrashScenario<StreamingLogLab>(),
        ]
    }

    public static let stock = StockLevels(["pizza": 100_000_000, "burger": 1_000, "salad": 1_000, "sandwich": 1_000])
}
