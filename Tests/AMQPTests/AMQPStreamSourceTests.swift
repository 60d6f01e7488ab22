import AMQP
import Foundation
import Messaging
import Synchronization
import Testing

/// A reader's position, kept in memory for these tests (the parts keep it in their SQLite stores, where the
/// handler records what it finished; here a test sets it).
final class RememberedOffsets: StreamOffsetStore {
    let saved = Mutex<[String: StreamReaderPosition]>([:])
    let finished = Mutex<[String: [Int64]]>([:])

    func position(in stream: String) async throws -> StreamReaderPosition? { saved.withLock { $0[stream] } }

    func finish(_ offsets: [String: [Int64]]) async throws {
        finished.withLock { finished in
            for (log, more) in offsets { finished[log, default: []] += more }
        }
    }

    func skip(to next: Int64, of stream: String) async throws {
        saved.withLock { saved in
            if (saved[stream]?.next ?? Int64.min) < next { saved[stream] = StreamReaderPosition(next: next) }
        }
    }

    func set(_ position: StreamReaderPosition, of stream: String) {
        saved.withLock { $0[stream] = position }
    }
}

/// A stream reader as a MessageSource, against a real RabbitMQ node.
@Suite(.timeLimit(.minutes(1)))
struct AMQPStreamSourceTests {
    let endpoint: AMQPEndpoint
    let url: String
    let stream = "source-\(UUID().uuidString.prefix(8))"
    let deadLetters = "source-dlq-\(UUID().uuidString.prefix(8))"

    init() throws {
        url = try #require(brokerURL, "needs AMQP_URL; scripts/test.sh starts a private RabbitMQ node")
        endpoint = try AMQPEndpoint(url: url)
    }

    func prepare(_ bodies: [String]) async throws {
        let connection = try await AMQPConnection.connect(url: url)
        _ = try await connection.declareQueue(
            .stream(stream, retention: AMQPStreamRetention(maxLengthBytes: 10_000_000, segmentBytes: 1_000_000)))
        _ = try await connection.declareQueue(AMQPQueueDeclaration(name: deadLetters))
        for body in bodies { try await connection.publish(Array(body.utf8), exchange: "", routingKey: stream) }
        await connection.close()
    }

    func source(_ offsets: RememberedOffsets) -> AMQPStreamSource {
        AMQPStreamSource(
            endpoint: endpoint, stream: stream, prefetch: 100, offsets: offsets, deadLetterQueue: deadLetters,
            reader: "test-reader")
    }

    func take(_ count: Int, from subscription: AMQPStreamSubscription) async throws -> [InboundMessage] {
        var taken: [InboundMessage] = []
        for try await batch in subscription.batches {
            subscription.taken(batch)
            taken += batch
            if taken.count >= count { break }
        }
        return taken
    }

    /// A new reader starts at the stream's first record, and says so in its store.
    @Test func aNewReaderStartsAtTheFirstRecordAndStoresWhereItStarted() async throws {
        try await prepare((0..<3).map { "e\($0)" })
        let offsets = RememberedOffsets()
        let subscription = try await source(offsets).subscribe()
        let messages = try await take(3, from: subscription)
        #expect(messages.map(\.position.offset) == [0, 1, 2])
        #expect(try await offsets.position(in: stream) == StreamReaderPosition(next: 0))
        // Acknowledging returns credit only: what is finished is the handler's to record.
        try await subscription.acknowledge(messages)
        #expect(try await offsets.position(in: stream) == StreamReaderPosition(next: 0))
        await subscription.close()
    }

    /// A restarted reader resumes at its next offset and passes over what it finished above it.
    @Test func aRestartResumesAtTheNextOffsetAndPassesOverWhatWasFinishedAhead() async throws {
        try await prepare((0..<10).map { "e\($0)" })
        let offsets = RememberedOffsets()
        offsets.set(StreamReaderPosition(next: 4, finishedAhead: [5, 7]), of: stream)
        let subscription = try await source(offsets).subscribe()
        let resumed = try await take(4, from: subscription)
        #expect(resumed.map(\.position.offset) == [4, 6, 8, 9])
        #expect(resumed.first.map { String(decoding: $0.body, as: UTF8.self) } == "e4")
        await subscription.close()
    }

    /// A stored offset past the stream's end (the stream was deleted and made
    /// again) is refused: attached at the end, the reader would skip what the
    /// new stream holds.
    @Test func anOffsetBeyondTheEndIsRefusedNamingWhatToDo() async throws {
        try await prepare(["a", "b", "c"])
        #expect(try await AMQPConnection.streamEnd(stream, at: endpoint) == 3)
        let offsets = RememberedOffsets()
        offsets.set(StreamReaderPosition(next: 500), of: stream)
        do {
            let subscription = try await source(offsets).subscribe()
            await subscription.close()
            Issue.record("a reader at offset 500 of a 3-record stream subscribed")
        } catch let error as AMQPError {
            #expect(error == .offsetBeyondEnd(stream: stream, offset: 500, end: 3))
            #expect(error.description.contains("Replay the reader"))
        }
        // At the end exactly, the reader waits for the next record and is given it.
        offsets.set(StreamReaderPosition(next: 3), of: stream)
        let subscription = try await source(offsets).subscribe()
        try await prepare(["d"])
        let taken = try await take(1, from: subscription)
        #expect(taken.last.map { String(decoding: $0.body, as: UTF8.self) } == "d")
        await subscription.close()
    }

    @Test func aDeadLetterCarriesItsReasonAndOriginAndIsRecordedFinished() async throws {
        try await prepare(["{oops"])
        let offsets = RememberedOffsets()
        let subscription = try await source(offsets).subscribe()
        let message = try #require(try await take(1, from: subscription).first)
        try await subscription.deadLetter(message, reason: "not a decodable event")
        #expect(offsets.finished.withLock { $0 } == [stream: [0]])
        await subscription.close()

        let reader = try await AMQPConnection.connect(url: url)
        var deliveries = try await reader.consume(queue: deadLetters, prefetch: 10).makeAsyncIterator()
        let dead = try #require(try await deliveries.next())
        #expect(dead.body == Array("{oops".utf8))
        #expect(dead.properties.headers["reason"] == .string("not a decodable event"))
        #expect(dead.properties.headers["source-stream"] == .string(stream))
        #expect(dead.properties.headers["source-offset"] == .int(0))
        #expect(dead.properties.headers["consumer-group"] == .string("test-reader"))
        await reader.close()
    }
}
