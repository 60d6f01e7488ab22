import AsyncHTTPClient
import Foundation
import LabBrokers
import LabKit
import OrderDomain
import OrderWorkload

/// Part C in the comparison: the workflow ends at the inventory group's
/// reservation; poison and duplicate events are appended to `order-events`.
extension StreamingLogLab: ComparedLab {
    public var costedProcesses: [String: Int32] {
        get async { await processIDs(of: services, broker: broker) }
    }

    public var crashableConsumer: Result<ServiceProcess, NotApplicable> { .success(inventory) }

    public var pausableBroker: Result<LabBroker, NotApplicable> {
        broker.isOwned
            ? .success(broker) : .failure(NotApplicable("KAFKA_BROKERS names a cluster the lab does not own"))
    }

    /// Reserved orders, timed by the inventory group's decision: part C has no notification service.
    public func completions(since: Timestamp) async throws -> [SentNotification] {
        try await ledgerEntries(since: since).filter { $0.state == "reserved" }.map {
            SentNotification(orderID: $0.orderID, sentMicroseconds: $0.decidedMicroseconds)
        }
    }

    public func sendPoisonMessage(_ body: String) async throws -> Result<Void, NotApplicable> {
        try await produceRaw(body)
        return .success(())
    }

    public func sendDuplicateMessage(_ order: Order) async throws -> Result<Void, NotApplicable> {
        let bytes = Array(EventJSON.bytes(OrderPlaced(order: order)))
        for _ in 0..<2 {
            try await producer.send(topic: StreamingTopology.orderEvents, key: Array(order.orderID.utf8), value: bytes)
        }
        return .success(())
    }

    public func deadLetters() async throws -> Result<Int, NotApplicable> {
        .success(Int(try await deadLetterCount()))
    }

    /// Both groups read `order-events`, and each dead-letters what it cannot decode.
    public var deadLettersPerPoisonMessage: Int { 2 }
}

extension StreamingLogPart: ComparablePart {
    public static let modelName = "C: Kafka log"
    /// The seeds' partition count: enough for the comparison's rate, cheap for the embedded broker.
    static let comparedPartitions = 3

    public static func startCompared(_ setup: ComparedLabSetup, http: HTTPClient, progress: ProgressLog) async throws
        -> any ComparedLab
    {
        try await StreamingLogLab.start(
            StreamingLogLab.Options(
                executable: setup.executable, workDirectory: setup.workDirectory, stock: setup.stock,
                partitions: comparedPartitions, kafkaBrokers: setup.brokers.kafkaBootstrap), http: http,
            progress: progress)
    }
}
