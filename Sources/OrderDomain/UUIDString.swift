import Foundation

/// Unique ids for orders, messages and events.
public enum UUIDString {
    /// A new random (version 4) UUID in lowercase, the form the seeds use.
    public static func make() -> String {
        UUID().uuidString.lowercased()
    }
}
