import Foundation
import Synchronization

/// Holds a service's current ``FaultPlan`` and decides, request by request,
/// what to inject. Changed at run time through the admin endpoint.
public final class FaultInjector: Sendable {
    private let plan: Mutex<FaultPlan>

    public init(_ plan: FaultPlan = .none) {
        self.plan = Mutex(plan)
    }

    public var current: FaultPlan {
        plan.withLock { $0 }
    }

    public func set(_ newPlan: FaultPlan) {
        plan.withLock { $0 = newPlan }
    }

    /// Injects the plan into one request or message, the one way every
    /// service does: waits for the delay, then throws ``InjectedFailure``
    /// when this one is chosen to fail. Throws `CancellationError` when the
    /// wait is cancelled.
    public func inject() async throws {
        let decision = nextDecision()
        if decision.delay > .zero { try await Task.sleep(for: decision.delay) }
        if let status = decision.failureStatus { throw InjectedFailure(status: status) }
    }

    /// Ends the process here when the plan's crash point is `point`: exit
    /// status 70, nothing flushed, nothing answered or acknowledged — what a
    /// crash at that moment leaves behind. The one place a crash is made.
    public func crashIfPlanned(at point: FaultPlan.CrashPoint, log: (String) -> Void = { _ in }) {
        guard current.crash == point else { return }
        log("injected crash at \(point.rawValue)")
        _exit(70)
    }

    /// What to do to the next request.
    public func nextDecision() -> FaultDecision {
        let plan = current
        var failure: Int?
        if let status = plan.errorStatus, plan.errorRate > 0,
            plan.errorRate >= 1 || Double.random(in: 0..<1) < plan.errorRate
        {
            failure = status
        }
        return FaultDecision(delay: .milliseconds(plan.delayMilliseconds), failureStatus: failure)
    }
}

/// A failure the fault plan chose for one request or message.
public struct InjectedFailure: Error, Sendable, Hashable, CustomStringConvertible {
    public var status: Int
    public init(status: Int) { self.status = status }
    public var description: String { "injected failure \(status)" }
}

/// The faults injected into one request.
public struct FaultDecision: Sendable, Hashable {
    public var delay: Duration
    public var failureStatus: Int?
}
