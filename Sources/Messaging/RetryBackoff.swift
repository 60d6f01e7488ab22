/// How long to wait before trying a message again: growing linearly from
/// `initial` by `step` per attempt, capped at `maximum`, so a broker or store
/// that is down is not hammered in a tight loop.
public struct RetryBackoff: Sendable, Hashable {
    public var initial: Duration
    public var step: Duration
    public var maximum: Duration

    public init(
        initial: Duration = .milliseconds(100), step: Duration = .milliseconds(100), maximum: Duration = .seconds(2)
    ) {
        self.initial = initial
        self.step = step
        self.maximum = maximum
    }

    /// The wait before attempt `attempt + 1` (attempt counts from 1).
    public func delay(afterAttempt attempt: Int) -> Duration {
        min(maximum, initial + step * (max(attempt, 1) - 1))
    }

    public static let standard = RetryBackoff()
}
