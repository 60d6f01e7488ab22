import Foundation
import Testing

@testable import AMQP

#if canImport(Glibc)
    import Glibc
#endif

/// A peer that accepts TCP connections and never says a word, as a paused
/// broker does: a caller waiting on it must be able to give up.
@Suite(.timeLimit(.minutes(1))) struct SilentBrokerTests {
    /// A listening socket nobody accepts on: the kernel completes the TCP
    /// handshake, nothing ever answers the AMQP one.
    final class SilentListener {
        let fd: Int32
        let port: Int

        init() throws {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            self.fd = fd
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            address.sin_port = 0
            let bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            guard bound == 0, listen(fd, 8) == 0 else {
                close(fd)
                throw POSIXError(.EADDRINUSE)
            }
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            _ = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
            }
            port = Int(UInt16(bigEndian: address.sin_port))
        }

        deinit { close(fd) }
    }

    @Test func connectingToABrokerThatNeverAnswersEndsWhenCancelled() async throws {
        let listener = try SilentListener()
        let endpoint = AMQPEndpoint(host: "127.0.0.1", port: listener.port)
        let attempt = Task { try await AMQPConnection.connect(to: endpoint) }
        try await Task.sleep(for: .milliseconds(300))
        attempt.cancel()
        let result = await attempt.result
        guard case .failure(let error) = result else {
            Issue.record("a silent peer accepted the login")
            return
        }
        guard case .cancelled? = error as? AMQPError else {
            Issue.record("expected a cancellation, got \(error)")
            return
        }
        withExtendedLifetime(listener) {}
    }
}
