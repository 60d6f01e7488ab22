import GRDB
import Hummingbird
import LabKit

/// A store that cannot serve (SQLite busy past its 5 s timeout, disk full,
/// read-only) is a server fault the client may retry: 503 with the reason,
/// never a 500 without one, and never a 4xx that blames the request.
public struct StoreErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    public init() {}

    public func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as DatabaseError {
            throw JSONErrorResponse(
                status: .serviceUnavailable, code: "store_unavailable",
                message: "the service's SQLite store failed (\(error.resultCode)): \(error.message ?? "no detail"); "
                    + "nothing was changed, retry later")
        }
    }
}
