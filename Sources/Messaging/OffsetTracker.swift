import Synchronization

/// Which offsets of a log may be committed while messages are handled out of order:
/// per partition, only up to the first one still in hand, so a crash never
/// skips a message that was not finished.
///
/// Offsets are taken in delivery order, so each partition keeps them in a
/// queue: finishing marks one, and the committable position moves past the
/// finished run at the queue's head (each offset is passed once).
public final class OffsetTracker: Sendable {
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

        mutating func take(_ positions: ArraySlice<(topic: String, partition: Int32, offset: Int64)>) {
            for position in positions { take(position.offset) }
        }

        mutating func finish(_ positions: ArraySlice<(topic: String, partition: Int32, offset: Int64)>) {
            for position in positions { finish(position.offset) }
        }

        mutating func take(_ offset: Int64) {
            // Read again from an earlier position (the partition came back after a rebalance): every
            // offset still in hand is at or above it and will be read again, so the queue starts over.
            if let last = offsets.last, offset <= last { self = PartitionQueue() }
            offsets.append(offset)
        }

        mutating func finish(_ offset: Int64) {
            // Mostly finished in the order taken: the head moves on without touching the set.
            if head < offsets.count, offsets[head] == offset {
                committable = offset + 1
                head += 1
            } else {
                finished.insert(offset)
            }
            while !finished.isEmpty, head < offsets.count, finished.remove(offsets[head]) != nil {
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

    public init() {}

    public func taken(_ positions: [(topic: String, partition: Int32, offset: Int64)]) {
        state.withLock { state in
            for run in Self.runs(of: positions) {
                let key = PartitionKey(
                    topic: positions[run.lowerBound].topic, partition: positions[run.lowerBound].partition)
                state.partitions[key, default: PartitionQueue()].take(positions[run])
            }
        }
    }

    public func taken(topic: String, partition: Int32, offset: Int64) {
        taken([(topic, partition, offset)])
    }

    public func finished(topic: String, partition: Int32, offset: Int64) {
        finished([(topic, partition, offset)])
    }

    public func finished(_ positions: [(topic: String, partition: Int32, offset: Int64)]) {
        state.withLock { state in
            for run in Self.runs(of: positions) {
                let key = PartitionKey(
                    topic: positions[run.lowerBound].topic, partition: positions[run.lowerBound].partition)
                state.partitions[key]?.finish(positions[run])
            }
        }
    }

    /// The index ranges of consecutive positions in one partition: a poll
    /// hands over runs of one partition, so the partition's queue is looked
    /// up once per run, not once per message.
    private static func runs(of positions: [(topic: String, partition: Int32, offset: Int64)]) -> [Range<Int>] {
        var runs: [Range<Int>] = []
        var start = 0
        while start < positions.count {
            var end = start + 1
            while end < positions.count, positions[end].partition == positions[start].partition,
                positions[end].topic == positions[start].topic
            {
                end += 1
            }
            runs.append(start..<end)
            start = end
        }
        return runs
    }

    /// True when every offset taken has been finished: nothing is in hand.
    public var isIdle: Bool {
        state.withLock { state in state.partitions.values.allSatisfy { $0.head == $0.offsets.count } }
    }

    /// Positions that moved since the last call.
    public func takeCommittable() -> [CommittablePosition] {
        state.withLock { state in
            var positions: [CommittablePosition] = []
            for (key, queue) in state.partitions {
                guard let next = queue.committable, state.committed[key] != next else { continue }
                positions.append(CommittablePosition(source: key.topic, partition: key.partition, nextOffset: next))
                state.committed[key] = next
            }
            return positions
        }
    }

    /// Forgets everything (after a rewind, offsets start over).
    public func reset() {
        state.withLock { $0 = State() }
    }
}

/// The next offset to read of one partition of a log: what a reader commits.
public struct CommittablePosition: Sendable, Hashable {
    public var source: String
    public var partition: Int32
    public var nextOffset: Int64

    public init(source: String, partition: Int32, nextOffset: Int64) {
        self.source = source
        self.partition = partition
        self.nextOffset = nextOffset
    }
}
