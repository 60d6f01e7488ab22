import Synchronization

/// Work handed to a consumer's poll loop by other tasks, run between polls so
/// that it is ordered with the records polled around it.
final class PollLoopJobs: Sendable {
    private let state = Mutex<(jobs: [@Sendable (OpaquePointer) -> Void], closed: Bool)>(([], false))

    /// Queues `job`; false once the loop has ended, when no job will run again.
    func add(_ job: @escaping @Sendable (OpaquePointer) -> Void) -> Bool {
        state.withLock { state in
            guard !state.closed else { return false }
            state.jobs.append(job)
            return true
        }
    }

    /// Takes every waiting job, leaving none.
    func takeAll() -> [@Sendable (OpaquePointer) -> Void] {
        state.withLock { state in
            defer { state.jobs.removeAll() }
            return state.jobs
        }
    }

    /// Takes the last jobs and refuses any later one, in one step, so none is
    /// queued after the loop's final round and left waiting.
    func closeAndTakeAll() -> [@Sendable (OpaquePointer) -> Void] {
        state.withLock { state in
            state.closed = true
            defer { state.jobs.removeAll() }
            return state.jobs
        }
    }
}
