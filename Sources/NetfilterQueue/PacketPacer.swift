/// When each packet a link fault holds is let go: after an added delay with
/// jitter, and no sooner than a rate cap allows. Each direction of the link
/// keeps its own order — a packet never leaves before one queued ahead of it
/// the same way (jitter that reorders would be a different fault: TCP's
/// duplicate acknowledgements and fast retransmits, not latency).
public struct PacketPacer: Sendable, Equatable {
    /// Added to every packet's time in the kernel.
    public var delay: Duration
    /// Each packet's delay is `delay` plus a uniform draw from −jitter…+jitter (never below zero).
    public var jitter: Duration
    /// The most bytes per second either direction passes; nil for no cap.
    public var bytesPerSecond: Double?

    private var lastRelease: [Bool: ContinuousClock.Instant] = [:]

    public init(delay: Duration = .zero, jitter: Duration = .zero, bytesPerSecond: Double? = nil) {
        self.delay = delay
        self.jitter = jitter
        self.bytesPerSecond = bytesPerSecond
    }

    /// When the packet of `length` bytes that reached the queue at `arrival` leaves; `towardPeer` names its
    /// direction (the two are paced apart, as the two directions of a link are).
    public mutating func release(
        arrival: ContinuousClock.Instant, length: Int, towardPeer: Bool,
        using random: inout some RandomNumberGenerator
    ) -> ContinuousClock.Instant {
        var wait = delay
        if jitter > .zero {
            let spread = jitter.attoseconds
            wait += Duration(attoseconds: Int128.random(in: -spread...spread, using: &random))
            wait = max(wait, .zero)
        }
        var release = arrival + wait
        if let previous = lastRelease[towardPeer] {
            // A capped link sends one packet after another: the next starts when the last is through.
            let through = bytesPerSecond.map { previous + .seconds(Double(length) / $0) } ?? previous
            release = max(release, through)
        }
        lastRelease[towardPeer] = release
        return release
    }

    public mutating func release(arrival: ContinuousClock.Instant, length: Int, towardPeer: Bool)
        -> ContinuousClock.Instant
    {
        var random = SystemRandomNumberGenerator()
        return release(arrival: arrival, length: length, towardPeer: towardPeer, using: &random)
    }
}
