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

/// The faults injected into one request.
public struct FaultDecision: Sendable, Hashable {
    public var delay: Duration
    public var failureStatus: Int?
}
