import Synchronization

/// One publisher waiting for its confirm. It is resumed exactly once: by the
/// broker's ack or nack, by the connection failing, or by the caller's task
/// being cancelled, whichever comes first; later resumes do nothing.
final class ConfirmWaiter: Sendable {
    private let continuation: Mutex<CheckedContinuation<Void, any Error>?>

    init(_ continuation: CheckedContinuation<Void, any Error>) {
        self.continuation = Mutex(continuation)
    }

    func resume(throwing error: (any Error)? = nil) {
        guard let waiting = continuation.withLock({ $0.take() }) else { return }
        if let error { waiting.resume(throwing: error) } else { waiting.resume() }
    }
}
