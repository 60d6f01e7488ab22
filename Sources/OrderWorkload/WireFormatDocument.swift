import Foundation

/// The "wire format" section of a part's README, made from the code's own
/// encoders and routing, so the documentation cannot drift from what is sent:
/// a test regenerates it and fails when the README differs.
public enum WireFormatDocument {
    /// One message as it goes on the wire.
    public struct Entry: Sendable {
        public var event: String
        /// Where it goes, e.g. "exchange `orders`, routing key `order.placed`".
        public var route: String
        public var json: String

        public init(event: String, route: String, json: String) {
            self.event = event
            self.route = route
            self.json = json
        }
    }

    static let startMarker = "<!-- commlab:wire-format:start -->"
    static let endMarker = "<!-- commlab:wire-format:end -->"

    /// The event as JSON, keys sorted and indented for reading (on the wire
    /// it is compact, in the encoder's key order).
    public static func json(_ event: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(event)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    public static func markdown(_ entries: [Entry], note: String) -> String {
        var text = note + "\n"
        for entry in entries {
            text += "\n`\(entry.event)`: \(entry.route)\n\n```json\n\(entry.json)\n```\n"
        }
        return text
    }

    /// `readme` with the text between the wire-format markers replaced; nil
    /// when the markers are missing.
    public static func replacingSection(in readme: String, with section: String) -> String? {
        guard let start = readme.range(of: startMarker), let end = readme.range(of: endMarker),
            start.upperBound <= end.lowerBound
        else { return nil }
        return String(readme[..<start.upperBound]) + "\n" + section + String(readme[end.lowerBound...])
    }
}
