import Synchronization

/// How many times a consumer has rewound, shared by its poll thread (which
/// stamps each record with it) and its callers.
final class RewindCounter: Sendable {
    private let value = Atomic<UInt64>(0)

    var current: UInt64 { value.load(ordering: .acquiring) }

    func increment() {
        value.add(1, ordering: .releasing)
    }
}
