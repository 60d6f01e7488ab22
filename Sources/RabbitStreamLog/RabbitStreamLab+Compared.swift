import AMQP
import Foundation
import LabKit
import OrderDomain
import OrderWorkload
import RabbitMQEngine

/// Part D in the comparison: the workflow ends at the inventory reader's
/// reservation, as in part C; poison and duplicate records are appended to
/// `order-events` past the producer.
extension RabbitStreamLab: ComparedLab, ConsumerCrashing, BrokerPausing, MessageInjecting, DeadLetterReading,
    TransportGauging, Replaying
{

    public func deadLetters() async throws -> Int {
        try await deadLetterCount()
    }

    /// Both readers read `order-events`, and each dead-letters what it cannot decode.
    public var deadLettersPerPoisonMessage: Int { 2 }

    /// Each reader's lag (the stream's end minus the offset it stored, read
    /// from its database, so a reader that is down still has one) and the dead letters.
    public func transportGauges() async -> [TransportGauge] {
        var gauges: [TransportGauge] = []
        let readers = [
            ("inventory", "\(workDirectory)/inventory.sqlite", [RabbitStreamTopology.orderEvents]),
            (
                "analytics", "\(workDirectory)/analytics.sqlite",
                [RabbitStreamTopology.orderEvents, RabbitStreamTopology.inventoryEvents]
            ),
        ]
        var ends: [String: Int64] = [:]
        for (reader, path, streams) in readers {
            guard let offsets = storedOffsets(at: path), let stored = try? await offsets.all() else { continue }
            for stream in streams {
                if ends[stream] == nil { ends[stream] = try? await streamEnd(stream) }
                guard let end = ends[stream] else { continue }
                gauges.append(
                    TransportGauge(
                        kind: .lag, name: "\(reader)/\(stream)", value: max(0, end - (stored[stream] ?? 0)),
                        isBacklog: reader == "inventory", isReaderBacklog: reader == "analytics"))
            }
        }
        if let dead = try? await deadLetterCount() {
            gauges.append(
                TransportGauge(kind: .deadLetters, name: RabbitStreamTopology.deadLetters, value: Int64(dead)))
        }
        return gauges
    }

    /// Clears analytics' totals and offsets, reads both streams again from the first record, and waits for the
    /// totals to be rebuilt.
    public func replay() async throws -> Result<String, NotApplicable> {
        let before = try await metrics()
        let answer = await client.send(.POST, analyticsURL + "/admin/replay", timeout: .seconds(30))
        guard answer.status == 200 else {
            return .failure(NotApplicable("the analytics service refused the replay: \(answer.bodyText)"))
        }
        _ = try await wait(upTo: .seconds(60), every: .milliseconds(200)) {
            let now = try await self.metrics()
            guard now.totalOrders >= before.totalOrders, now.inventoryReserved >= before.inventoryReserved else {
                return false
            }
            return try await self.readersCaughtUp()
        }
        let after = try await metrics()
        return .success(
            "analytics replayed from the first offset: orders counted \(before.totalOrders) before, "
                + "\(after.totalOrders) after (reserved \(before.inventoryReserved) → \(after.inventoryReserved))")
    }
}

extension RabbitStreamLab {
    public func whyNot(_ capability: LabCapability) -> String {
        switch capability {
        case .consumerScaling:
            "one reader per role: over AMQP 0-9-1, RabbitMQ 3.10 gives every consumer of a stream all of it "
                + "(no consumer groups; single active consumer on streams came with 3.11), so a second inventory "
                + "reader would decide every order again, the ledger absorbing it, not share the work"
        case .brokerNodeLoss:
            "the stream engine runs on one RabbitMQ node; its replicated deployment (the stream over three nodes) "
                + "is not built yet"
        default: "\(capability.rawValue): not built for this model"
        }
    }
}

/// Replicated, its streams live on three nodes; a node loss takes the one leading `order-events`.
extension RabbitStreamLab: NodeLosing {
    public var leaderQueue: String { RabbitStreamTopology.orderEvents }
}

extension RabbitStreamLab: StartableComparedLab {
    /// The lab's options in the comparison: its setup, and this model's own defaults.
    public static func options(compared setup: ComparedLabSetup) -> Options {
        Options(compared: setup, engine: RabbitMQBroker.self)
    }
}

/// The order path ends at the broker: the producer service's connections to it.
extension RabbitStreamLab: OrderLinkCutting {
    public var halfOpenDetection: LinkLossDetection? { .amqpHeartbeat(seconds: AMQPEndpoint.defaultHeartbeatSeconds) }
    public var orderService: ServiceProcess { services["producer"] }
}

/// The inventory consumer reads from the broker: its link can be cut too.
extension RabbitStreamLab: ConsumerLinkCutting {}

/// D's other reader is the analytics reader of the stream.
extension RabbitStreamLab: ReaderLinkCutting {
    public var readerLinkService: ServiceProcess { services["analytics"] }
    public var readerLinkRole: String { "analytics reader" }
}
