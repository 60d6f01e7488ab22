import ArgumentParser
import Faults
import Foundation
import Kafka
import KafkaEngine
import LabKit
import Logging
import Messaging
import OrderWorkload

/// Part C's wiring: each role built from its options, the same way for the
/// executable and for tests.
public enum StreamingLogServices: ServiceBuilder {
    public enum Role: String, CaseIterable, Sendable {
        case producer, inventory, analytics

        /// The topics the role's producer writes to (dead letters included).
        var writes: [String] {
            switch self {
            case .producer: [StreamingTopology.orderEvents]
            case .inventory: [StreamingTopology.inventoryEvents, StreamingTopology.deadLetters]
            case .analytics: [StreamingTopology.deadLetters]
            }
        }
    }

    public static func build(_ role: Role, options: StreamingLogServeOptions, faults: FaultInjector, logger: Logger)
        throws -> BuiltService
    {
        let configuration = try options.kafka.configuration()
        let producer = try KafkaProducer(configuration: configuration, topics: role.writes)
        let stats = ConsumerStats(service: role.rawValue)
        func source(group: String, topics: [String]) throws -> KafkaMessageSource {
            let consumer = try KafkaConsumer(configuration: configuration, group: group, topics: topics)
            return KafkaMessageSource(
                consumer: consumer, producer: producer, deadLetterTopic: StreamingTopology.deadLetters, logger: logger)
        }
        switch role {
        case .producer:
            return BuiltService(
                router: OrderEntryService(
                    publisher: producer, message: StreamingTopology.orderPlaced, faults: faults, name: "producer",
                    destination: "topic \(StreamingTopology.orderEvents)"
                ).router(), clients: [producer])
        case .inventory:
            return InventoryConsumer.service(
                ledger: try options.store.openLedger(for: "streaming-log-inventory"),
                source: try source(group: StreamingTopology.inventoryGroup, topics: [StreamingTopology.orderEvents]),
                publisher: producer, outputs: StreamingTopology.inventoryOutputs, faults: faults, stats: stats,
                concurrency: options.concurrency, logger: logger, clients: [producer])
        case .analytics:
            let analytics = try options.store.openAnalytics(for: "streaming-log-analytics")
            let source = try source(
                group: StreamingTopology.analyticsGroup,
                topics: [StreamingTopology.orderEvents, StreamingTopology.inventoryEvents])
            let consumer = ProcessingLoop(
                source: source,
                handler: AnalyticsHandler(
                    analytics: analytics, stats: stats, orderSource: StreamingTopology.orderEvents), faults: faults,
                stats: stats, configuration: .init(concurrency: options.concurrency), logger: logger)
            let reporter = AnalyticsReporter(
                analytics: analytics, interval: .seconds(options.reportIntervalSeconds))
            let replay = AnalyticsReplay(analytics: analytics, source: source, faults: faults, logger: logger)
            return BuiltService(
                router: StreamingRoutes.analytics(analytics: analytics, stats: stats, faults: faults, replay: replay),
                clients: [producer], services: [consumer, reporter, replay])
        }
    }
}
