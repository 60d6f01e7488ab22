import Synchronization

/// Which offsets may be committed while messages are handled out of order:
/// per partition, only up to the first one still in hand, so a crash never
/// skips a message that was not finished.
///
/// Offsets are taken in delivery order, so each partition keeps them in a
/// queue: finishing marks one, and the committable position moves past the
/// finished run at the queue's head (each offset is passed once).
final class OffsetTracker: Sendable {
    private struct PartitionKey: Hashable {
        var topic: String
        var partition: Int32
    }

    /// Offsets of one partition in the order taken, with the finished ones marked.
    private struct PartitionQueue {
        var offsets: [Int64] = []
        var finished: Set<Int64> = []
        var head = 0
        var committable: Int64?

        mutating func take(_ offset: Int64) {
            // Read again from an earlier position (the partition came back after a rebalance): every
            // offset still in hand is at or above it and will be read again, so the queue starts over.
            if let last = offsets.last, offset <= last { self = PartitionQueue() }
            offsets.append(offset)
        }

        mutating func finish(_ offset: Int64) {
            finished.insert(offset)
            while head < offsets.count, finished.remove(offsets[head]) != nil {
                committable = offsets[head] + 1
                head += 1
            }
            // Drop the passed part now and then, not on every call.
            if head > 4_096, head * 2 > offsets.count {
                offsets.removeFirst(head)
                head = 0
            }
        }
    }

    private struct State {
        var partitions: [PartitionKey: PartitionQueue] = [:]
        var committed: [PartitionKey: Int64] = [:]
    }

    private let state = Mutex(State())

    func taken(_ positions: [(topic: String, partition: Int32, offset: Int64)]) {
        state.withLock { state in
            for position in positions {
                let key = PartitionKey(topic: position.topic, partition: position.partition)
                state.partitions[key, default: PartitionQueue()].take(position.offset)
            }
        }
    }

    func taken(topic: String, partition: Int32, offset: Int64) {
        taken([(topic, partition, offset)])
    }

    func finished(topic: String, partition: Int32, offset: Int64) {
        finished([(topic, partition, offset)])
    }

    func finished(_ positions: [(topic: String, partition: Int32, offset: Int64)]) {
        state.withLock { state in
            for position in positions {
                let key = PartitionKey(topic: position.topic, partition: position.partition)
                state.partitions[key]?.finish(position.offset)
            }
        }
    }

    /// Positions that moved since the last call.
    func takeCommittable() -> [KafkaPartitionPosition] {
        state.withLock { state in
            var positions: [KafkaPartitionPosition] = []
            for (key, queue) in state.partitions {
                guard let next = queue.committable, state.committed[key] != next else { continue }
                positions.append(KafkaPartitionPosition(topic: key.topic, partition: key.partition, nextOffset: next))
                state.committed[key] = next
            }
            return positions
        }
    }

    /// Forgets everything (after a rewind, offsets start over).
    func reset() {
        state.withLock { $0 = State() }
    }
}
