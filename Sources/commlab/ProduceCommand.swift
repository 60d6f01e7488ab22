import ArgumentParser
import Foundation
import Kafka
import LabKit
import StreamingLog

struct ProduceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "produce",
        abstract: "Part C's bulk producer: N OrderPlaced events to order-events at full speed.",
        discussion: """
            A share of the events carries status "failed" (inventory releases instead of reserving;
            analytics counts them as failed). Prints the rate with every delivery confirmed.
              eval "$(commlab broker kafka start)"; commlab produce --events 10000
            """)

    @Option(help: "Events to produce.")
    var events = 10_000

    @Option(help: "Share (0…1) of events with status failed.")
    var failureShare = 0.05

    @Option(help: "Bootstrap servers. Default: $KAFKA_BROKERS.")
    var kafkaBrokers: String?

    func validate() throws {
        guard events > 0 else { throw ValidationError("--events must be positive") }
        guard (0...1).contains(failureShare) else { throw ValidationError("--failure-share must be between 0 and 1") }
    }

    func run() async throws {
        guard let brokers = kafkaBrokers ?? ProcessInfo.processInfo.environment["KAFKA_BROKERS"] else {
            throw ValidationError(
                "no broker: pass --kafka-brokers or set KAFKA_BROKERS (commlab broker kafka start prints it)")
        }
        var configuration = KafkaConfiguration(bootstrapServers: brokers)
        configuration.messageTimeoutMilliseconds = 10_000
        let producer = try KafkaProducer(configuration: configuration)
        let ready = try await producer.prepare(topics: [StreamingTopology.orderEvents])
        print(
            "connected, \(StreamingTopology.orderEvents)'s partitions known in \(Format.milliseconds(ready.milliseconds))"
        )
        let outcome = await BulkProducer(producer: producer).produce(
            events, failureShare: failureShare, progress: ProgressLog())
        await producer.shutdown()
        print(
            "produced \(Format.count(outcome.events)) events (\(Format.count(outcome.failedEvents)) failed) in "
                + "\(Format.decimal(outcome.seconds, places: 2)) s: \(Format.decimal(outcome.perSecond, places: 0)) events/s, "
                + "\(outcome.deliveryErrors) delivery errors")
        if outcome.deliveryErrors > 0 { throw ExitCode.failure }
    }
}
