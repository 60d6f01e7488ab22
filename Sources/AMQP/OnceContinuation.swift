import Synchronization

/// A caller waiting for the connection's thread: resumed exactly once, by the
/// thread's answer (a reply, a publisher confirm), by the connection failing,
/// or by the caller's task being cancelled, whichever comes first; later
/// resumes do nothing. A caller that was cancelled stops waiting at once,
/// even when the broker never answers (paused, blocked by an alarm).
final class OnceContinuation<Value: Sendable>: Sendable {
    private let continuation = Mutex<CheckedContinuation<Value, any Error>?>(nil)

    func wait(_ waiting: CheckedContinuation<Value, any Error>) {
        continuation.withLock { $0 = waiting }
    }

    func resume(with result: Result<Value, AMQPError>) {
        continuation.withLock { $0.take() }?.resume(with: result.mapError { $0 as any Error })
    }

    func resume(throwing error: AMQPError) {
        resume(with: .failure(error))
    }

    /// Suspends until resumed; `start` hands `self` to whoever will answer.
    static func value(
        of operation: String, start: @escaping @Sendable (OnceContinuation<Value>) -> Void
    ) async throws(AMQPError) -> Value {
        let once = OnceContinuation<Value>()
        do {
            return try await withTaskCancellationHandler {
                try await withCheckedThrowingContinuation { continuation in
                    once.wait(continuation)
                    if Task.isCancelled {
                        once.resume(throwing: .cancelled(operation: operation))
                        return
                    }
                    start(once)
                }
            } onCancel: {
                once.resume(throwing: .cancelled(operation: operation))
            }
        } catch let error as AMQPError {
            throw error
        } catch {
            throw .library(operation: operation, detail: "\(error)")
        }
    }
}

/// A publisher waiting for its confirm.
typealias ConfirmWaiter = OnceContinuation<Void>
