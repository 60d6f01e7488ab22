import Testing

import Messaging

/// Which offsets may be committed while messages finish out of order.
@Suite struct OffsetTrackerTests {
    @Test func onlyOffsetsBelowTheFirstMessageStillInHandAreCommittable() {
        let tracker = OffsetTracker()
        for offset in Int64(10)...14 { tracker.taken(topic: "t", partition: 0, offset: offset) }
        tracker.finished(topic: "t", partition: 0, offset: 12)
        tracker.finished(topic: "t", partition: 0, offset: 13)
        #expect(tracker.takeCommittable().isEmpty, "10 is still in hand: nothing may be committed")
        tracker.finished(topic: "t", partition: 0, offset: 10)
        #expect(tracker.takeCommittable() == [CommittablePosition(source: "t", partition: 0, nextOffset: 11)])
        tracker.finished(topic: "t", partition: 0, offset: 11)
        #expect(tracker.takeCommittable() == [CommittablePosition(source: "t", partition: 0, nextOffset: 14)])
        #expect(tracker.takeCommittable().isEmpty, "an unchanged position is not committed again")
        tracker.finished(topic: "t", partition: 0, offset: 14)
        #expect(tracker.takeCommittable() == [CommittablePosition(source: "t", partition: 0, nextOffset: 15)])
    }

    @Test func partitionsAreIndependent() {
        let tracker = OffsetTracker()
        tracker.taken(topic: "t", partition: 0, offset: 5)
        tracker.taken(topic: "t", partition: 1, offset: 7)
        tracker.finished(topic: "t", partition: 1, offset: 7)
        #expect(tracker.takeCommittable() == [CommittablePosition(source: "t", partition: 1, nextOffset: 8)])
    }

    @Test func idleOnlyWhenEveryOffsetTakenIsFinished() {
        let tracker = OffsetTracker()
        #expect(tracker.isIdle)
        tracker.taken([("t", 0, 1), ("t", 0, 2), ("u", 3, 9)])
        #expect(!tracker.isIdle)
        tracker.finished([("t", 0, 2), ("u", 3, 9)])
        #expect(!tracker.isIdle, "offset 1 of t[0] is still in hand")
        tracker.finished([("t", 0, 1)])
        #expect(tracker.isIdle)
        #expect(
            Set(tracker.takeCommittable())
                == [
                    CommittablePosition(source: "t", partition: 0, nextOffset: 3),
                    CommittablePosition(source: "u", partition: 3, nextOffset: 10),
                ])
    }

    @Test func runsOfOnePartitionInABatchAreTrackedApart() {
        // A poll hands over runs of one partition; a batch mixes runs of several, some more than once.
        let tracker = OffsetTracker()
        tracker.taken([("t", 0, 1), ("t", 0, 2), ("t", 1, 5), ("t", 0, 3), ("t", 1, 6)])
        tracker.finished([("t", 1, 6), ("t", 0, 1), ("t", 0, 3)])
        #expect(tracker.takeCommittable() == [CommittablePosition(source: "t", partition: 0, nextOffset: 2)])
        tracker.finished([("t", 1, 5), ("t", 0, 2)])
        #expect(
            Set(tracker.takeCommittable())
                == [
                    CommittablePosition(source: "t", partition: 0, nextOffset: 4),
                    CommittablePosition(source: "t", partition: 1, nextOffset: 7),
                ])
    }

    @Test func resetForgetsEverything() {
        let tracker = OffsetTracker()
        tracker.taken(topic: "t", partition: 0, offset: 100)
        tracker.finished(topic: "t", partition: 0, offset: 100)
        tracker.reset()
        #expect(tracker.takeCommittable().isEmpty)
        tracker.taken(topic: "t", partition: 0, offset: 0)
        tracker.finished(topic: "t", partition: 0, offset: 0)
        #expect(tracker.takeCommittable() == [CommittablePosition(source: "t", partition: 0, nextOffset: 1)])
    }
}
