#if os(Linux)
    import CNetfilterQueue
    import Foundation
    import Synchronization

    /// Holds the packets iptables sends to one netfilter queue (`-j NFQUEUE
    /// --queue-num N`) and lets each go when its ``PacketPacer`` says: latency,
    /// jitter and a rate cap on a live link without netem, acting on connections
    /// already open as well as new ones.
    ///
    /// One thread of its own owns the queue's handle: it reads packets, keeps
    /// them in order per direction and gives the kernel its verdict (accept) at
    /// each packet's time. ``stop()`` lets every held packet go at once and
    /// closes the queue. If the process dies instead, the kernel drops what was
    /// held (TCP sends it again) and `--queue-bypass` lets later packets pass
    /// while no program listens, so a killed run does not cut the link.
    public final class PacketHolder: Sendable {
        public let queue: UInt16
        private let stopping = Atomic<Bool>(false)
        private let finished = Mutex<(done: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))

        private init(queue: UInt16) { self.queue = queue }

        /// Binds queue `queue` and starts holding; `peerPort` tells the two directions apart (packets to it go
        /// toward the peer). Throws when the queue cannot be bound: not root, or another program holds it.
        public static func start(queue: UInt16, peerPort: UInt16, pacer: PacketPacer) async throws -> PacketHolder {
            let holder = PacketHolder(queue: queue)
            try await withCheckedThrowingContinuation { (started: CheckedContinuation<Void, any Error>) in
                let thread = Thread {
                    holder.run(peerPort: peerPort, pacer: pacer, started: started)
                }
                thread.name = "commlab-nfqueue-\(queue)"
                thread.start()
            }
            return holder
        }

        /// Lets every held packet go, unbinds the queue and returns when the thread is done.
        public func stop() async {
            stopping.store(true, ordering: .releasing)
            await withCheckedContinuation { (waiter: CheckedContinuation<Void, Never>) in
                let resumeNow = finished.withLock { state in
                    if state.done { return true }
                    state.waiters.append(waiter)
                    return false
                }
                if resumeNow { waiter.resume() }
            }
        }

        private func finish() {
            let waiters = finished.withLock { state in
                state.done = true
                defer { state.waiters = [] }
                return state.waiters
            }
            for waiter in waiters { waiter.resume() }
        }

        private func run(peerPort: UInt16, pacer: PacketPacer, started: CheckedContinuation<Void, any Error>) {
            defer { finish() }
            let inbox = HeldPackets(peerPort: peerPort, pacer: pacer)
            guard let handle = nfq_open() else {
                started.resume(throwing: PacketHolderError.cannotOpen(queue: queue, errno: errno))
                return
            }
            defer { nfq_close(handle) }
            let context = Unmanaged.passUnretained(inbox).toOpaque()
            guard
                let queueHandle = nfq_create_queue(
                    handle, queue,
                    { _, _, data, context in
                        guard let data, let context else { return 0 }
                        Unmanaged<HeldPackets>.fromOpaque(context).takeUnretainedValue().receive(data)
                        return 0
                    }, context)
            else {
                started.resume(throwing: PacketHolderError.cannotBind(queue: queue, errno: errno))
                return
            }
            defer { nfq_destroy_queue(queueHandle) }
            // The first 64 bytes hold the IPv4 and TCP headers: the length and the direction are all the pacer needs.
            guard nfq_set_mode(queueHandle, commlab_nfq_copy_packet, 64) >= 0 else {
                started.resume(throwing: PacketHolderError.cannotBind(queue: queue, errno: errno))
                return
            }
            _ = nfq_set_queue_maxlen(queueHandle, 8_192)
            started.resume()

            let descriptor = nfq_fd(handle)
            var buffer = [CChar](repeating: 0, count: 65_536)
            while !stopping.load(ordering: .acquiring) {
                let now = ContinuousClock.now
                for id in inbox.due(at: now) { _ = nfq_set_verdict(queueHandle, id, commlab_nf_accept, 0, nil) }
                // Wake for the next packet's time, or within 20 ms to see a stop.
                let untilNext = inbox.nextRelease.map { now.duration(to: $0) } ?? .milliseconds(20)
                let timeout = Int32(
                    min(
                        max(
                            untilNext.components.seconds * 1_000 + untilNext.components.attoseconds
                                / 1_000_000_000_000_000, 0), 20))
                var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
                guard poll(&poller, 1, timeout) > 0 else { continue }
                let read = buffer.withUnsafeMutableBytes {
                    recv(descriptor, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT))
                }
                // ENOBUFS: the kernel could not hand us a packet and dropped it; TCP sends it again.
                guard read > 0 else { continue }
                _ = buffer.withUnsafeMutableBufferPointer { nfq_handle_packet(handle, $0.baseAddress, Int32(read)) }
            }
            for id in inbox.all() { _ = nfq_set_verdict(queueHandle, id, commlab_nf_accept, 0, nil) }
        }
    }

    /// The packets one holder keeps, in order per direction; touched by its thread only.
    private final class HeldPackets {
        private let peerPort: UInt16
        private var pacer: PacketPacer
        private var towardPeer: [(id: UInt32, release: ContinuousClock.Instant)] = []
        private var fromPeer: [(id: UInt32, release: ContinuousClock.Instant)] = []

        init(peerPort: UInt16, pacer: PacketPacer) {
            self.peerPort = peerPort
            self.pacer = pacer
        }

        func receive(_ data: OpaquePointer) {
            let id = commlab_nfq_packet_id(data)
            let length = Int(commlab_nfq_ipv4_length(data))
            let toPeer = commlab_nfq_tcp_destination_port(data) == peerPort
            let release = pacer.release(arrival: .now, length: length, towardPeer: toPeer)
            if toPeer { towardPeer.append((id, release)) } else { fromPeer.append((id, release)) }
        }

        var nextRelease: ContinuousClock.Instant? {
            [towardPeer.first?.release, fromPeer.first?.release].compactMap { $0 }.min()
        }

        /// The ids whose time has come, taken out.
        func due(at now: ContinuousClock.Instant) -> [UInt32] {
            func take(_ packets: inout [(id: UInt32, release: ContinuousClock.Instant)]) -> [UInt32] {
                let count = packets.prefix { $0.release <= now }.count
                defer { packets.removeFirst(count) }
                return packets.prefix(count).map(\.id)
            }
            return take(&towardPeer) + take(&fromPeer)
        }

        func all() -> [UInt32] {
            defer {
                towardPeer = []
                fromPeer = []
            }
            return towardPeer.map(\.id) + fromPeer.map(\.id)
        }
    }

    public enum PacketHolderError: Error, CustomStringConvertible {
        case cannotOpen(queue: UInt16, errno: Int32)
        case cannotBind(queue: UInt16, errno: Int32)

        public var description: String {
            switch self {
            case .cannotOpen(let queue, let code):
                "cannot open netfilter queue \(queue) (\(String(cString: strerror(code)))): holding packets needs root "
                    + "and a kernel with NFQUEUE"
            case .cannotBind(let queue, let code):
                "cannot bind netfilter queue \(queue) (\(String(cString: strerror(code)))): another program may hold it"
            }
        }
    }
#endif
