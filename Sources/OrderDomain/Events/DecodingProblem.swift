import Foundation

/// What was wrong with a message `JSONDecoder` refused, in the words a person
/// reading a dead letter needs: which field, and what it should have been —
/// not the decoder's debug description.
enum DecodingProblem {
    static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        switch error {
        case .dataCorrupted(let context) where context.codingPath.isEmpty:
            let detail = (context.underlyingError as NSError?)?.userInfo[NSDebugDescriptionErrorKey] as? String
            return "not JSON" + (detail.map { " (\($0))" } ?? "")
        case .dataCorrupted(let context):
            return "field \(path(context.codingPath)): \(context.debugDescription)"
        case .keyNotFound(let key, let context):
            return "missing field \(path(context.codingPath + [key]))"
        case .typeMismatch(let type, let context):
            return "field \(path(context.codingPath)) is not \(article(type))"
        case .valueNotFound(let type, let context):
            return "field \(path(context.codingPath)) is null, expected \(article(type))"
        @unknown default:
            return "\(error)"
        }
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        let text = keys.reduce("") { text, key in
            if let index = key.intValue { return text + "[\(index)]" }
            return text.isEmpty ? key.stringValue : text + "." + key.stringValue
        }
        return "'\(text.isEmpty ? "(top level)" : text)'"
    }

    private static func article(_ type: Any.Type) -> String {
        if type is String.Type { return "a string" }
        if type is Int.Type || type is Int64.Type || type is Int32.Type { return "a whole number" }
        if type is Double.Type || type is Float.Type { return "a number" }
        if type is Bool.Type { return "true or false" }
        let name = "\(type)"
        if name.hasPrefix("Array") { return "a list" }
        if name.hasPrefix("Dictionary") { return "an object" }
        return "a \(name)"
    }
}
