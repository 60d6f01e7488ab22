import LabKit
import OrderDomain
import OrderWorkload

/// Part C's scenarios in the order they run.
public enum StreamingLogScenarios {
    public static func all(bulkEvents: Int) -> [any Scenario<StreamingLogLab>] {
        [
            LogBulkScenario<StreamingLogLab>(events: bulkEvents, part: "Part C", log: "the log"),
            ConsumerLagScenario(),
            ReplayScenario(),
            ReplayCrashScenario(),
            AnalyticsCrashScenario<StreamingLogLab>(name: "crash-resume", resumesFrom: "its committed offset"),
            PoisonEventScenario(),
            BadInputScenario<StreamingLogLab>(),
            SeedFormatScenario.make(),
            DuplicateOrderScenario<StreamingLogLab>(),
            BrokerPausedScenario<StreamingLogLab>(),
            ShutdownBrokerUnreachableScenario<StreamingLogLab>(),
            ConsumerCrashScenario<StreamingLogLab>(),
            TwoConsumersScenario<StreamingLogLab>(),
            // Before the crash: the restarted embedded broker listens on another port.
            OrderLinkFaultScenario<StreamingLogLab>(.linkPartition),
            OrderLinkFaultScenario<StreamingLogLab>(.linkHalfOpen),
            BrokerRestartScenario<StreamingLogLab>(.crash(downFor: .seconds(1))),
        ]
    }

    public static let stock = StockLevels(["pizza": 100_000_000, "burger": 1_000, "salad": 1_000, "sandwich": 1_000])
}
