import Synchronization

/// How many more records a consumer's poll loop may hand over before its
/// reader takes some: the loop spends room per record, the reader gives it
/// back per batch taken and wakes the loop.
final class ReaderRoom: Sendable {
    private let records: Atomic<Int>
    private let waker: PollWaker

    init(records: Int, waker: PollWaker) {
        self.records = Atomic(max(1, records))
        self.waker = waker
    }

    var isAvailable: Bool { records.load(ordering: .acquiring) > 0 }

    func spend() {
        records.subtract(1, ordering: .releasing)
    }

    func giveBack(_ count: Int) {
        guard count > 0 else { return }
        records.add(count, ordering: .releasing)
        waker.signal()
    }
}
