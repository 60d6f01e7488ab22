import AsyncHTTPClient
import Foundation
import Kafka
import Brokers
import KafkaEngine
import LabKit
import OrderDomain
import OrderWorkload

/// Part C in the comparison: the workflow ends at the inventory group's
/// reservation; poison and duplicate events are appended to `order-events`.
extension StreamingLogLab: ComparedLab, ConsumerCrashing, BrokerPausing, MessageInjecting, DeadLetterReading,
    TransportGauging, Replaying
{

    public func deadLetters() async throws -> Int {
        Int(try await deadLetterCount())
    }

    /// The `reason` header of every record in the dead-letter topic, read with a group of its own.
    public func deadLetterReasons() async throws -> [String] {
        let expected = Int(try await deadLetterCount())
        guard expected > 0 else { return [] }
        let consumer = try KafkaConsumer(
            configuration: configuration, group: "commlab-dlt-reader-\(UUID().uuidString.prefix(8))",
            topics: [StreamingTopology.deadLetters])
        let reasons = try await consumer.whileRunning {
            await withTaskGroup(of: [String]?.self) { group in
                group.addTask {
                    var reasons: [String] = []
                    for await record in consumer.messages {
                        reasons.append(record.headers["reason"].map { String(decoding: $0, as: UTF8.self) } ?? "")
                        if reasons.count >= expected { break }
                    }
                    return reasons
                }
                group.addTask {
                    try? await Task.sleep(for: .seconds(10))
                    return nil
                }
                let first = await group.next() ?? nil
                group.cancelAll()
                return first
            }
        }
        return reasons ?? []
    }

    /// Both groups read `order-events`, and each dead-letters what it cannot decode.
    public var deadLettersPerPoisonMessage: Int { 2 }

    public func transportGauges() async -> [TransportGauge] {
        var gauges: [TransportGauge] = []
        let groups = [
            (StreamingTopology.inventoryGroup, [StreamingTopology.orderEvents]),
            (StreamingTopology.analyticsGroup, [StreamingTopology.orderEvents, StreamingTopology.inventoryEvents]),
        ]
        for (group, topics) in groups {
            guard let lags = try? await lag(group: group, topics: topics) else { continue }
            for lag in lags {
                gauges.append(
                    TransportGauge(
                        kind: .lag, name: "\(group)/\(lag.topic)/\(lag.partition)", value: max(0, lag.lag),
                        isBacklog: group == StreamingTopology.inventoryGroup,
                        isReaderBacklog: group == StreamingTopology.analyticsGroup))
            }
        }
        if let dead = try? await deadLetterCount() {
            gauges.append(TransportGauge(kind: .deadLetters, name: StreamingTopology.deadLetters, value: dead))
        }
        return gauges
    }

    /// Rewinds the analytics group to the start of the log and waits for the totals to be rebuilt.
    public func replay() async throws -> Result<String, NotApplicable> {
        let before = try await metrics()
        let answer = await client.send(.POST, analyticsURL + "/admin/replay")
        guard answer.status == 200 else {
            return .failure(NotApplicable("the analytics service refused the replay: \(answer.bodyText)"))
        }
        // The reset is done when the answer comes: the totals start again from zero.
        let atReset = try await metrics()
        _ = try await wait(upTo: .seconds(60), every: .milliseconds(200)) {
            let now = try await self.metrics()
            guard now.totalOrders >= before.totalOrders, now.inventoryReserved >= before.inventoryReserved else {
                return false
            }
            return try await self.groupsCaughtUp()
        }
        let after = try await metrics()
        return .success(
            "analytics replayed from the log: orders counted \(before.totalOrders) before, "
                + "\(atReset.totalOrders) at the reset, \(after.totalOrders) after "
                + "(reserved \(before.inventoryReserved) → \(after.inventoryReserved))")
    }
}

extension StreamingLogLab: StartableComparedLab {
    /// The lab's options in the comparison: its setup, and this model's own defaults.
    public static func options(compared setup: ComparedLabSetup) -> Options {
        Options(
            .init(compared: setup, engine: KafkaBroker.self),
            partitions: setup.partitions ?? StreamingLogPart.comparedPartitions)
    }
}

/// Replicated, its topics have three replicas; a node loss takes the broker leading `order-events[0]`.
extension StreamingLogLab: NodeLosing {
    public var leaderQueue: String { StreamingTopology.orderEvents }
}

/// The order path ends at the broker: the producer service's connections to it.
extension StreamingLogLab: OrderLinkCutting {
    public var halfOpenDetection: LinkLossDetection? {
        .kafkaSocketTimeout(milliseconds: KafkaClientOptions.socketTimeoutMilliseconds)
    }
    public var orderService: ServiceProcess { services["producer"] }
}

/// The inventory consumer reads from the broker: its link can be cut too.
extension StreamingLogLab: ConsumerLinkCutting {}

/// C's other reader is the analytics consumer group.
extension StreamingLogLab: ReaderLinkCutting {
    public var readerLinkService: ServiceProcess { services["analytics"] }
    public var readerLinkRole: String { "analytics reader" }
}

/// C's inventory scales out as members of one consumer group: the group gives each partition to one member.
extension StreamingLogLab: ConsumerScaling {
    public var instanceSharing: String {
        "members of one consumer group: each partition of order-events is read by one member, and the group "
            + "moves partitions (a rebalance) when a member joins or leaves"
    }

    public var busyInstanceLimit: (count: Int, why: String)? {
        (partitions, "order-events has \(partitions) partitions; a member beyond them is assigned none and waits")
    }
}
