import Faults
import Hummingbird

/// Applies the service's current ``FaultPlan`` to the business routes it wraps:
/// waits for the delay, then answers with the injected error status or lets
/// the request through.
public struct FaultMiddleware<Context: RequestContext>: RouterMiddleware {
    let injector: FaultInjector

    public init(_ injector: FaultInjector) {
        self.injector = injector
    }

    public func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let decision = injector.nextDecision()
        if decision.delay > .zero {
            try await Task.sleep(for: decision.delay)
        }
        if let status = decision.failureStatus {
            throw JSONErrorResponse(
                status: HTTPResponse.Status(code: status), code: "injected_fault",
                message: "fault injected by the lab: status \(status)")
        }
        return try await next(request, context)
    }
}
