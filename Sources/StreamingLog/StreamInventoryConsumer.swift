import Foundation
import Kafka
import OrderDomain

/// Part C's InventoryConsumer (group `inventory-service`): for each
/// `OrderPlaced` on `order-events`, reserves (status placed) or releases
/// (status failed) by event id, then produces the per-item events and the
/// `InventoryReserved` / `InventoryFailed` outcome to `inventory-events`.
/// It reports a message finished only when those are delivered, so its
/// offset is committed only then; a redelivery replays from the ledger.
public struct StreamInventoryConsumer: Sendable {
    public let ledger: InventoryLedger
    public let producer: KafkaProducer
    public let deadLetters: DeadLetterWriter
    public let stats: StreamStats

    public init(ledger: InventoryLedger, producer: KafkaProducer, stats: StreamStats) {
        self.ledger = ledger
        self.producer = producer
        self.stats = stats
        deadLetters = DeadLetterWriter(producer: producer, group: StreamingTopology.inventoryGroup)
    }

    /// True when handled (or dead-lettered); false to be retried.
    public func handle(_ message: KafkaMessage) async -> Bool {
        stats.update { $0.consumed += 1 }
        let event: OrderPlaced
        do {
            event = try OrderPlaced.decode(message.value)
        } catch {
            do {
                try await deadLetters.send(message, reason: error.description)
                stats.update { $0.deadLettered += 1 }
                return true
            } catch {
                return false
            }
        }
        do {
            var outputs: [(key: String, value: [UInt8])] = []
            let key = event.order.orderID
            if event.order.status == .failed {
                let outcome = try await ledger.release(event.messageID)
                stats.update { $0.released += 1 }
                if outcome == .released {
                    for item in event.order.quantitiesByItem {
                        outputs.append(
                            (
                                key,
                                Self.json(
                                    InventoryItemEvent(
                                        sourceEventID: event.messageID, orderID: key, action: .release, item: item))
                            ))
                    }
                }
            } else {
                let result = try await ledger.reserve(event.messageID, event.order.quantitiesByItem)
                stats.update { counts in
                    if result.isReplay {
                        counts.replayed += 1
                    } else if case .reserved = result.outcome {
                        counts.reserved += 1
                    } else {
                        counts.rejected += 1
                    }
                }
                if case .reserved(let items) = result.outcome {
                    for item in items {
                        outputs.append(
                            (
                                key,
                                Self.json(
                                    InventoryItemEvent(
                                        sourceEventID: event.messageID, orderID: key, action: .reserve, item: item))
                            ))
                    }
                }
                outputs.append((key, Self.json(InventoryOutcome(for: event, outcome: result.outcome))))
            }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for output in outputs {
                    group.addTask {
                        try await producer.send(
                            topic: StreamingTopology.inventoryEvents, key: Array(output.key.utf8), value: output.value)
                    }
                }
                try await group.waitForAll()
            }
            return true
        } catch {
            return false
        }
    }

    static func json(_ value: some Encodable) -> [UInt8] {
        Array((try? JSONEncoder().encode(value)) ?? Data())
    }
}
