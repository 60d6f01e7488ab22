import Foundation

/// Holds a TCP socket's partial segments back while a run of frames is
/// written (`TCP_CORK`), and lets them go when lifted: the frames then leave
/// together. Lifting sends at once whatever is held (the kernel would
/// otherwise wait up to 200 ms).
final class SocketCork {
    private var corked: Int32?

    /// Corks `socket` when `on`, lifts the cork when not (before a job that waits for a reply).
    func set(_ on: Bool, on socket: Int32) {
        if on, corked == nil {
            guard socket >= 0, Self.setCork(socket, 1) else { return }
            corked = socket
        } else if !on {
            lift()
        }
    }

    func lift() {
        guard let socket = corked else { return }
        _ = Self.setCork(socket, 0)
        corked = nil
    }

    private static func setCork(_ socket: Int32, _ value: Int32) -> Bool {
        var value = value
        return setsockopt(socket, Int32(IPPROTO_TCP), TCP_CORK, &value, socklen_t(MemoryLayout<Int32>.size)) == 0
    }
}
