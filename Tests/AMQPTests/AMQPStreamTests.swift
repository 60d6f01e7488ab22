import AMQP
import Foundation
import Testing

/// RabbitMQ streams over AMQP 0-9-1, against a real node (`scripts/test.sh`
/// starts one and sets AMQP_URL).
@Suite(.timeLimit(.minutes(1)))
struct AMQPStreamTests {
    let url: String
    let retention = AMQPStreamRetention(maxLengthBytes: 10_000_000, maxAge: "1D", segmentBytes: 1_000_000)

    init() throws {
        url = try #require(brokerURL, "needs AMQP_URL; scripts/test.sh starts a private RabbitMQ node")
    }

    func freshStream(_ connection: AMQPConnection) async throws -> String {
        let name = "stream-\(UUID().uuidString.prefix(8))"
        _ = try await connection.declareQueue(.stream(name, retention: retention))
        return name
    }

    func read(_ count: Int, from stream: String, at offset: AMQPStreamOffset) async throws -> [AMQPDelivery] {
        let reader = try await AMQPConnection.connect(url: url)
        let batches = try await reader.consumeBatches(
            queue: stream, prefetch: 100, arguments: offset.consumeArguments)
        var taken: [AMQPDelivery] = []
        for try await batch in batches {
            taken += batch
            // A stream consumer must ack, as a queue's does, for the broker to send more.
            try await reader.ack(deliveryTags: batch.map(\.deliveryTag))
            if taken.count >= count { break }
        }
        await reader.close()
        return taken
    }

    /// A classic queue where a stream is expected, and a stream declared
    /// with other retention, are refused with what to do, not a bare 406.
    @Test func aQueueThatIsNotTheStreamAskedForIsRefusedClearly() async throws {
        let name = "classic-\(UUID().uuidString.prefix(8))"
        let setup = try await AMQPConnection.connect(url: url)
        _ = try await setup.declareQueue(AMQPQueueDeclaration(name: name))
        let stream = try await freshStream(setup)
        await setup.close()
        for (queue, retention, words) in [
            (name, retention, "it is not a stream"),
            (stream, AMQPStreamRetention(maxLengthBytes: 20_000_000, segmentBytes: 1_000_000), "other retention"),
        ] {
            let connection = try await AMQPConnection.connect(url: url)
            do {
                try await connection.declareStream(queue, retention: retention)
                Issue.record("\(queue) was declared as a stream")
            } catch {
                guard case .streamRefused(let refused, _) = error else {
                    Issue.record("refused with \(error)")
                    continue
                }
                #expect(refused == queue)
                #expect(error.description.contains(words), "\(error)")
            }
            await connection.close()
        }
        let cleanup = try await AMQPConnection.connect(url: url)
        _ = try await cleanup.deleteQueue(name)
        _ = try await cleanup.deleteQueue(stream)
        await cleanup.close()
    }

    /// Calls submitted while the connection closes are answered (with the
    /// close) instead of waiting forever: a reader acking as it was closed
    /// once hung a lab for good.
    @Test(.timeLimit(.minutes(1))) func callsMadeAsTheConnectionClosesAreAnswered() async throws {
        for _ in 0..<20 {
            let connection = try await AMQPConnection.connect(url: url)
            let stream = try await freshStream(connection)
            await withTaskGroup(of: Void.self) { group in
                for _ in 0..<20 { group.addTask { _ = try? await connection.inspectQueue(stream) } }
                group.addTask { await connection.close() }
                for _ in 0..<20 { group.addTask { _ = try? await connection.inspectQueue(stream) } }
            }
            let cleanup = try await AMQPConnection.connect(url: url)
            _ = try await cleanup.deleteQueue(stream)
            await cleanup.close()
        }
    }

    @Test func aReaderStartsAtTheOffsetItAsksFor() async throws {
        let connection = try await AMQPConnection.connect(url: url)
        let stream = try await freshStream(connection)
        for index in 0..<5 {
            try await connection.publish(Array("e\(index)".utf8), exchange: "", routingKey: stream)
        }
        let read = try await read(3, from: stream, at: .offset(2))
        #expect(read.map(\.streamOffset) == [2, 3, 4])
        #expect(read.map { String(decoding: $0.body, as: UTF8.self) } == ["e2", "e3", "e4"])
        await connection.close()
    }

    /// Reading does not consume: two readers from the first offset each get every record.
    @Test func readersDoNotTakeRecordsFromEachOther() async throws {
        let connection = try await AMQPConnection.connect(url: url)
        let stream = try await freshStream(connection)
        for index in 0..<10 {
            try await connection.publish(Array("e\(index)".utf8), exchange: "", routingKey: stream)
        }
        let first = try await read(10, from: stream, at: .first)
        let second = try await read(10, from: stream, at: .first)
        #expect(first.compactMap(\.streamOffset) == Array(0..<10))
        #expect(second.compactMap(\.streamOffset) == Array(0..<10))
        await connection.close()
    }

    @Test func aStreamThatDoesNotExistIsAClearError() async throws {
        let reader = try await AMQPConnection.connect(url: url)
        await #expect {
            _ = try await reader.consumeBatches(
                queue: "no-such-stream-\(UUID())", prefetch: 10, arguments: AMQPStreamOffset.first.consumeArguments)
        } throws: { error in
            "\(error)".contains("404") && "\(error)".contains("no-such-stream")
        }
        await reader.close()
    }

    /// A retention the broker refuses comes back as its reason, not as a hang.
    @Test func aRetentionTheBrokerRefusesIsAClearError() async throws {
        let connection = try await AMQPConnection.connect(url: url)
        let bad = AMQPStreamRetention(maxLengthBytes: 1_000_000, maxAge: "7 parsecs", segmentBytes: 100_000)
        await #expect {
            try await connection.declareStream("stream-bad-\(UUID().uuidString.prefix(8))", retention: bad)
        } throws: { error in
            guard case .streamRefused = error as? AMQPError else { return false }
            return "\(error)".contains("x-max-age")
        }
        await connection.close()
    }
}
