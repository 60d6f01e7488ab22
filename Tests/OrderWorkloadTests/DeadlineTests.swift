import Testing

@testable import OrderWorkload

/// `withDeadline`: the operation's value in time, an error after the limit,
/// and never waiting for an operation that honours cancellation.
@Suite(.timeLimit(.minutes(1))) struct DeadlineTests {
    @Test func aFastOperationReturnsItsValue() async throws {
        let value = try await withDeadline(.seconds(5)) { 42 }
        #expect(value == 42)
    }

    @Test func aSlowOperationIsCutOffAtTheDeadline() async throws {
        let clock = ContinuousClock()
        let start = clock.now
        await #expect(throws: DeadlineExceeded.self) {
            try await withDeadline(.milliseconds(100)) {
                try await Task.sleep(for: .seconds(30))
                return 1
            }
        }
        // Well under the operation's 30 s: the deadline, not the operation, ended the wait.
        #expect(clock.now - start < .seconds(20))
    }

    @Test func anOperationsOwnErrorComesThrough() async throws {
        struct Refused: Error {}
        await #expect(throws: Refused.self) {
            try await withDeadline(.seconds(5)) { () async throws -> Int in throw Refused() }
        }
    }
}
