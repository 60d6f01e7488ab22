import Faults

/// A consumer's publisher with the `after_commit` crash point in front of it:
/// a consumer publishes its outputs only after its database commit and
/// acknowledges only after they are confirmed, so ending the process at the
/// next publish is a crash after the commit, before outputs and the
/// acknowledgement — the moment whose redelivery the idempotent handlers
/// must absorb. The handlers themselves carry no crash code.
public struct CrashPointPublisher: MessagePublisher {
    let wrapped: any MessagePublisher
    let faults: FaultInjector

    public init(_ wrapped: any MessagePublisher, faults: FaultInjector) {
        self.wrapped = wrapped
        self.faults = faults
    }

    public func publish(_ message: OutboundMessage) async throws {
        faults.crashIfPlanned(at: .afterCommit)
        try await wrapped.publish(message)
    }

    public func publish(_ messages: [OutboundMessage]) async throws {
        faults.crashIfPlanned(at: .afterCommit)
        try await wrapped.publish(messages)
    }
}
