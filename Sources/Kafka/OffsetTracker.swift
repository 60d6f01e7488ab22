import Synchronization

/// Which offsets may be committed while messages are handled out of order:
/// per partition, only up to the first one still in hand, so a crash never
/// skips a message that was not finished.
final class OffsetTracker: Sendable {
    private struct PartitionKey: Hashable {
        var topic: String
        var partition: Int32
    }

    private struct State {
        var inHand: [PartitionKey: Set<Int64>] = [:]
        var done: [PartitionKey: Set<Int64>] = [:]
        var lowestTaken: [PartitionKey: Int64] = [:]
        var committable: [PartitionKey: Int64] = [:]
        var committed: [PartitionKey: Int64] = [:]
    }

    private let state = Mutex(State())

    func taken(topic: String, partition: Int32, offset: Int64) {
        let key = PartitionKey(topic: topic, partition: partition)
        state.withLock { state in
            state.inHand[key, default: []].insert(offset)
            if state.lowestTaken[key] == nil { state.lowestTaken[key] = offset }
        }
    }

    func finished(topic: String, partition: Int32, offset: Int64) {
        let key = PartitionKey(topic: topic, partition: partition)
        state.withLock { state in
            state.inHand[key]?.remove(offset)
            state.done[key, default: []].insert(offset)
            // Everything done below the lowest offset still in hand can be committed.
            let limit = state.inHand[key]?.min() ?? Int64.max
            let ready = state.done[key, default: []].filter { $0 < limit }
            if let highest = ready.max() {
                state.committable[key] = max(state.committable[key] ?? -1, highest + 1)
                state.done[key]?.subtract(ready)
            }
        }
    }

    /// Positions that moved since the last call.
    func takeCommittable() -> [KafkaPartitionPosition] {
        state.withLock { state in
            var positions: [KafkaPartitionPosition] = []
            for (key, next) in state.committable where state.committed[key] != next {
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
