import Foundation

/// Unique ids for orders, messages and events.
public enum UUIDString {
    /// A new time-ordered (version 7, RFC 9562) UUID in lowercase, the form
    /// the seeds use: the Unix time in milliseconds, then the sub-millisecond
    /// fraction in the 12 bits RFC 9562 allows for it, then 62 random bits.
    ///
    /// Time-ordered because every store keyed by these ids (the ledger, the
    /// analytics events, the outbox) inserts them into a B-tree: random keys
    /// dirty a different page per insert, each written to SQLite's WAL whole,
    /// while ids that grow with time append to the same few pages.
    ///
    /// Random bits come from the system's generator (`getrandom`): Foundation's
    /// `UUID()` on Linux opens and reads `/dev/urandom` for every id, which a
    /// profile of the bulk producer showed as a third of its CPU per event.
    public static func make() -> String {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        let milliseconds = UInt64(now.tv_sec) * 1_000 + UInt64(now.tv_nsec) / 1_000_000
        let fraction = (UInt64(now.tv_nsec) % 1_000_000) * 4_096 / 1_000_000
        var generator = SystemRandomNumberGenerator()
        let random = generator.next() as UInt64
        let high = (milliseconds << 16) | 0x7000 | fraction
        let low = (random & 0x3FFF_FFFF_FFFF_FFFF) | 0x8000_0000_0000_0000  // RFC 9562 variant
        let hex = Array("0123456789abcdef".utf8)
        var text = [UInt8]()
        text.reserveCapacity(36)
        for index in 0..<16 {
            if index == 4 || index == 6 || index == 8 || index == 10 { text.append(UInt8(ascii: "-")) }
            let word = index < 8 ? high : low
            let byte = UInt8(truncatingIfNeeded: word >> (56 - 8 * (index % 8)))
            text.append(hex[Int(byte >> 4)])
            text.append(hex[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
