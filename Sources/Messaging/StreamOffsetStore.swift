/// Where a log reader keeps its position, for a log whose broker keeps no
/// group offsets for it (a RabbitMQ stream read over AMQP 0-9-1): the reader
/// resumes from it after a restart.
///
/// The reader's handler records each message it applies as finished in the
/// same transaction as the message's effects, so the store is never behind
/// or ahead of the state; the subscription records only what it settles
/// itself, without effects (a dead letter), and where a reader starts.
public protocol StreamOffsetStore: Sendable {
    /// Where the reader stands in `stream`; nil when it has read none of it.
    func position(in stream: String) async throws -> StreamReaderPosition?
    /// Records messages as finished that were settled without effects (moved to the dead letters).
    func finish(_ finished: [String: [Int64]]) async throws
    /// Moves the reader to `next` when it stands below it (or nowhere): where a
    /// new reader starts, or past messages the stream's retention removed unread.
    func skip(to next: Int64, of stream: String) async throws
}

/// A reader's place in one log: the next offset to read, and the offsets
/// above it already finished, which are passed over when read again.
public struct StreamReaderPosition: Sendable, Equatable {
    public var next: Int64
    public var finishedAhead: Set<Int64>

    public init(next: Int64, finishedAhead: Set<Int64> = []) {
        self.next = next
        self.finishedAhead = finishedAhead
    }
}
