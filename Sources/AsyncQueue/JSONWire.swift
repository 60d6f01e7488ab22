import Foundation

/// Events as bytes for the broker.
enum JSONWire {
    static func bytes(_ value: some Encodable) -> [UInt8] {
        // Encoding these plain value types cannot fail; an empty body would be dead-lettered downstream.
        Array((try? JSONEncoder().encode(value)) ?? Data())
    }
}
