/// One request of a load run, whatever the transport: how it ended and how long it took.
public protocol LoadSample: Sendable {
    /// What to count it under: `201`, `confirmed`, `connection refused`, …
    var outcome: String { get }
    var latency: Duration { get }
}

extension HTTPExchange: LoadSample {}

/// A load sample for anything that is not an HTTP exchange (a publish with confirm).
public struct TimedOutcome: LoadSample {
    public var outcome: String
    public var latency: Duration

    public init(outcome: String, latency: Duration) {
        self.outcome = outcome
        self.latency = latency
    }

    /// Times `operation`; its error, if any, becomes the outcome.
    public static func measure(success: String = "ok", _ operation: () async throws -> Void) async -> TimedOutcome {
        let clock = ContinuousClock()
        let start = clock.now
        do {
            try await operation()
            return TimedOutcome(outcome: success, latency: clock.now - start)
        } catch {
            return TimedOutcome(outcome: "\(error)", latency: clock.now - start)
        }
    }
}
