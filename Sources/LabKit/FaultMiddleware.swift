import Faults
import Hummingbird

/// Applies the service's current ``FaultPlan`` to the business routes it wraps:
/// waits for the delay, then answers with the injected error status or lets
/// the request through; with the `after_commit` crash point, the process ends
/// once the request was handled (its effects committed), before the answer.
public struct FaultMiddleware<Context: RequestContext>: RouterMiddleware {
    let injector: FaultInjector

    public init(_ injector: FaultInjector) {
        self.injector = injector
    }

    public func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        do {
            try await injector.inject()
        } catch let failure as InjectedFailure {
            throw JSONErrorResponse(
                status: HTTPResponse.Status(code: failure.status), code: "injected_fault",
                message: "fault injected by the lab: status \(failure.status)")
        }
        let response = try await next(request, context)
        // The caller cannot know the request took effect: the connection drops before the answer.
        injector.crashIfPlanned(at: .afterCommit)
        return response
    }
}
