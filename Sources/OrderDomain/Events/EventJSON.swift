import Foundation

/// Events as the JSON bytes that go on the wire, in every part.
public enum EventJSON {
    /// The event's JSON. Encoding these plain value types cannot fail; were it
    /// to, the empty body would be dead-lettered by the consumer, not lost.
    public static func bytes(_ event: some Encodable) -> [UInt8] {
        Array((try? JSONEncoder().encode(event)) ?? Data())
    }
}
