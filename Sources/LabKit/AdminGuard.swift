import Hummingbird

/// Puts `/admin/*` (faults, replay) behind a token once a service listens
/// beyond loopback: anyone who can reach such an endpoint can break the
/// service. On loopback (the default) there is no token, as before.
public struct AdminGuard<Base: HTTPResponder>: HTTPResponder where Base.Context == BasicRequestContext {
    public typealias Context = BasicRequestContext

    let base: Base
    let token: String?

    public init(_ base: Base, token: String?) {
        self.base = base
        self.token = token
    }

    public func respond(to request: Request, context: Context) async throws -> Response {
        if let token, request.uri.path.hasPrefix("/admin"),
            request.headers[.authorization] != "Bearer \(token)"
        {
            // Answered here: outside the router, a thrown error would become a 500.
            return try JSONErrorResponse(
                status: .unauthorized, code: "admin_token_required",
                message: "admin endpoints of a service listening beyond loopback need 'Authorization: Bearer <token>'"
            ).response(from: request, context: context)
        }
        return try await base.respond(to: request, context: context)
    }

    /// True for addresses only this machine can reach.
    public static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host == "[::1]" || host.hasPrefix("127.")
    }
}
