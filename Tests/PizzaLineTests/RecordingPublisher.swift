import Messaging
import Synchronization

/// Records what is published; refuses the first `failures` sends.
final class RecordingPublisher: MessagePublisher {
    let sent = Mutex<[OutboundMessage]>([])
    let failuresLeft: Mutex<Int>

    init(failures: Int = 0) { failuresLeft = Mutex(failures) }

    func publish(_ message: OutboundMessage) async throws {
        let refuse = failuresLeft.withLock { left in
            defer { left = max(0, left - 1) }
            return left > 0
        }
        if refuse { throw CancellationError() }
        sent.withLock { $0.append(message) }
    }

    var pizzaIDs: [String] { sent.withLock { $0.compactMap(\.key) } }
}
