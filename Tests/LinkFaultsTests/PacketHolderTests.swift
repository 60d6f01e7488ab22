import Foundation
import Testing

@testable import LinkFaults
@testable import NetfilterQueue

/// The pacer's arithmetic, and a real netfilter queue holding a real loopback
/// connection's packets (needs root, as every link fault does).
@Suite struct PacketPacerTests {
    @Test func everyPacketWaitsTheDelayWithinTheJitterAndNoneOvertakesAnother() {
        var pacer = PacketPacer(delay: .milliseconds(100), jitter: .milliseconds(20))
        let start = ContinuousClock.now
        var previous = start
        for index in 0..<1_000 {
            let arrival = start + .microseconds(index * 100)
            let release = pacer.release(arrival: arrival, length: 100, towardPeer: true)
            #expect(release >= arrival + .milliseconds(80))
            #expect(release <= max(arrival + .milliseconds(120), previous))
            #expect(release >= previous, "in order")
            previous = release
        }
    }

    @Test func aRateCapSpacesPacketsByTheirLengthPerDirection() {
        var pacer = PacketPacer(bytesPerSecond: 1_000)
        let now = ContinuousClock.now
        #expect(pacer.release(arrival: now, length: 500, towardPeer: true) == now)
        #expect(pacer.release(arrival: now, length: 500, towardPeer: true) == now + .milliseconds(500))
        #expect(pacer.release(arrival: now, length: 1_000, towardPeer: true) == now + .milliseconds(1_500))
        #expect(pacer.release(arrival: now, length: 500, towardPeer: false) == now, "the other way has its own")
        // A link idle for longer than the backlog takes passes the next packet at once.
        #expect(pacer.release(arrival: now + .seconds(10), length: 500, towardPeer: true) == now + .seconds(10))
    }

    @Test func jitterNeverMakesADelayNegative() {
        var pacer = PacketPacer(delay: .milliseconds(1), jitter: .milliseconds(50))
        let now = ContinuousClock.now
        for index in 0..<200 {
            let arrival = now + .seconds(index)
            #expect(pacer.release(arrival: arrival, length: 1, towardPeer: true) >= arrival)
        }
    }
}

@Suite(.serialized) struct PacketHolderTests {
    /// A connection open before the queue is bound gets the delay on every round trip, and none after.
    @Test func anOpenConnectionsRoundTripsGrowByTheDelayWhileHeld() async throws {
        let server = try LoopbackEcho()
        let client = try LoopbackClient(port: server.port)
        _ = try client.roundTrip(bytes: 1)
        let rule = QueueRule(port: server.port, queue: 0xFEED, towardPortOnly: true)
        let holder = try await PacketHolder.start(
            queue: rule.queue, peerPort: server.port, pacer: PacketPacer(delay: .milliseconds(100), jitter: .zero))
        try await rule.add()
        var held: [Duration] = []
        for _ in 0..<3 { held.append(try client.roundTrip(bytes: 1)) }
        await rule.remove()
        await holder.stop()
        let after = try client.roundTrip(bytes: 1)
        for trip in held { #expect(trip >= .milliseconds(95), "held round trip \(trip)") }
        #expect(after < .milliseconds(95), "after the holder stopped: \(after)")
        #expect(await QueueRule.left().isEmpty)
    }

    /// 128 KiB each way through a 64 KiB/s cap cannot take less than (128 KiB − the first packet) ÷ 64 KiB/s.
    @Test func aRateCapHoldsAStreamToTheRate() async throws {
        let server = try LoopbackEcho()
        let client = try LoopbackClient(port: server.port)
        let rule = QueueRule(port: server.port, queue: 0xFEEE, towardPortOnly: false)
        let holder = try await PacketHolder.start(
            queue: rule.queue, peerPort: server.port, pacer: PacketPacer(bytesPerSecond: 65_536))
        try await rule.add()
        let took = try client.roundTrip(bytes: 131_072)
        await rule.remove()
        await holder.stop()
        #expect(took >= .seconds(1), "took \(took)")
    }

    @Test func aQueueTheKernelWillNotGiveIsAClearError() async throws {
        let first = try await PacketHolder.start(queue: 0xFEEF, peerPort: 1, pacer: PacketPacer())
        await #expect(throws: PacketHolderError.self) {
            _ = try await PacketHolder.start(queue: 0xFEEF, peerPort: 1, pacer: PacketPacer())
        }
        await first.stop()
    }
}

/// An NFQUEUE rule on a loopback port, tagged as the lab tags its rules.
private struct QueueRule {
    var port: UInt16
    var queue: UInt16
    var towardPortOnly: Bool

    var rule: [String] {
        let match = towardPortOnly ? ["--dport", String(port)] : []
        let other = towardPortOnly ? [] : ["-m", "multiport", "--ports", String(port)]
        return ["-p", "tcp", "-d", "127.0.0.1"] + match + other
            + ["-m", "comment", "--comment", "\(LinkFaultSupport.ruleTag) \(getpid())"]
            + ["-j", "NFQUEUE", "--queue-num", String(queue), "--queue-bypass"]
    }

    func add() async throws { try await LinkCut.iptables(["-w", "-A", "INPUT"] + rule) }
    func remove() async { try? await LinkCut.iptables(["-w", "-D", "INPUT"] + rule) }
    static func left() async -> [String] { await LinkCut.leftovers().filter { $0.contains("NFQUEUE") } }
}

/// A loopback server that echoes every byte, on a thread of its own.
private final class LoopbackEcho: Sendable {
    let port: UInt16
    private let listener: Int32

    init() throws {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.listener = listener
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(listener, $0, length) == 0 && listen(listener, 4) == 0
                    && getsockname(listener, $0, &length) == 0
            }
        }
        guard bound else { throw POSIXError(.EADDRINUSE) }
        port = UInt16(bigEndian: address.sin_port)
        Thread.detachNewThread {
            let connection = accept(listener, nil, nil)
            var buffer = [UInt8](repeating: 0, count: 65_536)
            while true {
                let read = recv(connection, &buffer, buffer.count, 0)
                guard read > 0 else { break }
                _ = send(connection, buffer, read, 0)
            }
            close(connection)
        }
    }

    deinit { close(listener) }
}

/// A blocking client of ``LoopbackEcho``.
private final class LoopbackClient {
    private let descriptor: Int32

    init(port: UInt16) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
        guard connected else { throw POSIXError(.ECONNREFUSED) }
        var noDelay: Int32 = 1
        setsockopt(descriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &noDelay, socklen_t(MemoryLayout<Int32>.size))
    }

    /// Sends `bytes` and waits until as many have come back.
    func roundTrip(bytes: Int) throws -> Duration {
        let started = ContinuousClock.now
        let payload = [UInt8](repeating: 7, count: bytes)
        let sender = descriptor
        let sending = Thread { _ = payload.withUnsafeBytes { send(sender, $0.baseAddress, bytes, 0) } }
        sending.start()
        var received = 0
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while received < bytes {
            let read = recv(descriptor, &buffer, buffer.count, 0)
            guard read > 0 else { throw POSIXError(.ECONNRESET) }
            received += read
        }
        return ContinuousClock.now - started
    }

    deinit { close(descriptor) }
}
