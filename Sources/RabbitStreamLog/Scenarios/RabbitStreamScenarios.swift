import LabKit
import OrderDomain
import OrderWorkload

/// Part D's scenarios in the order they run.
public enum RabbitStreamScenarios {
    public static func all(bulkEvents: Int) -> [any Scenario<RabbitStreamLab>] {
        [
            LogBulkScenario<RabbitStreamLab>(events: bulkEvents, part: "Part D", log: "a RabbitMQ stream"),
            StreamLagScenario(),
            StreamReplayScenario(),
            AnalyticsCrashScenario<RabbitStreamLab>(
                name: "reader-crash", resumesFrom: "the offsets stored with its counts", offsetsInItsTransaction: true),
            StreamSeedFormatScenario.make(),
            StreamPoisonScenario(),
            BadInputScenario<RabbitStreamLab>(),
            DuplicateOrderScenario<RabbitStreamLab>(),
            OrderLinkFaultScenario<RabbitStreamLab>(.linkPartition),
            OrderLinkFaultScenario<RabbitStreamLab>(.linkHalfOpen),
            BrokerRestartScenario<RabbitStreamLab>(.crash(downFor: .seconds(1))),
            StreamReplayScenario(afterBrokerCrash: true),
        ]
    }

    public static let stock = StockLevels(["pizza": 100_000_000, "burger": 1_000, "salad": 1_000, "sandwich": 1_000])
}
