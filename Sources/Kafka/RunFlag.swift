import Synchronization

/// Tells a poll thread to keep going; shared between the thread and its owner.
final class RunFlag: Sendable {
    private let value = Atomic<Bool>(true)

    var isRunning: Bool { value.load(ordering: .relaxed) }

    func stop() { value.store(false, ordering: .relaxed) }
}
