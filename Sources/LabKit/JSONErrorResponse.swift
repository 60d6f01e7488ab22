import Hummingbird

/// An error answered as `{"error": {"code": …, "message": …, "field": …}}` with
/// its status, so every client gets the same, readable shape.
public struct JSONErrorResponse: HTTPResponseError, Sendable {
    public var status: HTTPResponse.Status
    public var body: ErrorBody

    public init(
        status: HTTPResponse.Status, code: String, message: String, field: String? = nil,
        details: [String: String]? = nil
    ) {
        self.status = status
        self.body = ErrorBody(error: .init(code: code, message: message, field: field, details: details))
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        try JSONResponse.encode(body, status: status)
    }
}

/// The JSON body of every error answer.
public struct ErrorBody: Codable, Sendable, Hashable {
    public struct Detail: Codable, Sendable, Hashable {
        public var code: String
        public var message: String
        public var field: String?
        public var details: [String: String]?
    }

    public var error: Detail
}
