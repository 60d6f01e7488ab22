/// Why an order request was refused before any service acted on it.
///
/// Every entry point maps these to a clear answer (HTTP 400 with a JSON body,
/// a dead-letter queue, a dead-letter topic); none of them is a crash.
public enum OrderValidationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The body is not JSON, or not a JSON object.
    case malformedJSON(detail: String)
    /// A required field is absent or null.
    case missingField(String)
    /// A field is present but its value is unusable.
    case invalidField(String, reason: String)
    /// The body is larger than the service accepts.
    case bodyTooLarge(limit: Int)
    /// The body is declared as something other than JSON.
    case unsupportedMediaType(String)

    /// A stable machine-readable code for the error body.
    public var code: String {
        switch self {
        case .malformedJSON: "malformed_json"
        case .missingField: "missing_field"
        case .invalidField: "invalid_field"
        case .bodyTooLarge: "body_too_large"
        case .unsupportedMediaType: "unsupported_media_type"
        }
    }

    /// The offending field, where there is one.
    public var field: String? {
        switch self {
        case .missingField(let field), .invalidField(let field, _): field
        case .malformedJSON, .bodyTooLarge, .unsupportedMediaType: nil
        }
    }

    public var description: String {
        switch self {
        case .malformedJSON(let detail): "request body is not valid JSON: \(detail)"
        case .missingField(let field): "field '\(field)' is required"
        case .invalidField(let field, let reason): "field '\(field)' \(reason)"
        case .bodyTooLarge(let limit): "request body is larger than \(limit) bytes"
        case .unsupportedMediaType(let type): "request body must be JSON (application/json), not \(type)"
        }
    }

    /// The HTTP status that answers it: 413 for a body too large and 415 for
    /// one that is not JSON, as HTTP clients and proxies expect; 400 otherwise.
    public var httpStatus: Int {
        switch self {
        case .bodyTooLarge: 413
        case .unsupportedMediaType: 415
        case .malformedJSON, .missingField, .invalidField: 400
        }
    }
}
