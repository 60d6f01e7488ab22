/// Asks `probe` every `interval` until it says yes or `limit` has passed;
/// returns its last answer. Scenarios use it to wait for asynchronous effects
/// (a queue draining, a group catching up) without asserting how long they take.
public func poll(
    upTo limit: Duration, every interval: Duration, until probe: () async throws -> Bool
) async throws -> Bool {
    let clock = ContinuousClock()
    let deadline = clock.now + limit
    while clock.now < deadline {
        if try await probe() { return true }
        try await Task.sleep(for: interval)
    }
    return try await probe()
}
