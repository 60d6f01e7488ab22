import Synchronization

/// Work handed to a poll thread by other threads, run between polls.
final class PollThreadJobs: Sendable {
    private let jobs = Mutex<[@Sendable (OpaquePointer) -> Void]>([])

    func add(_ job: @escaping @Sendable (OpaquePointer) -> Void) {
        jobs.withLock { $0.append(job) }
    }

    /// Takes every waiting job, leaving none.
    func takeAll() -> [@Sendable (OpaquePointer) -> Void] {
        jobs.withLock { list in
            defer { list.removeAll() }
            return list
        }
    }
}
