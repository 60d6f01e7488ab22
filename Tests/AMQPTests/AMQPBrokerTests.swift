import AMQP
import Foundation
import Testing

/// Against a real RabbitMQ over loopback TCP: `scripts/test.sh` starts a
/// private node and sets AMQP_URL (or point AMQP_URL at your own broker).
@Suite(.timeLimit(.minutes(1)))
struct AMQPBrokerTests {
    let url: String

    /// Without a broker these tests fail rather than skip: a skipped check proves nothing.
    init() throws {
        url = try #require(brokerURL, "needs AMQP_URL; scripts/test.sh starts a private RabbitMQ node")
    }

    /// A private exchange and queue per test, so tests run in parallel.
    func topology(_ connection: AMQPConnection, deadLetters: Bool = false) async throws -> (
        exchange: String, queue: String, dlq: String
    ) {
        let id = UUID().uuidString.prefix(8)
        let exchange = "test-\(id)"
        let queue = "test-\(id)-q"
        let dlq = "test-\(id)-dlq"
        try await connection.declareExchange(exchange)
        if deadLetters {
            try await connection.declareExchange(exchange + ".dlx", type: "fanout")
            try await connection.declareQueue(AMQPQueueDeclaration(name: dlq))
            try await connection.bindQueue(dlq, to: exchange + ".dlx", routingKey: "")
        }
        var declaration = AMQPQueueDeclaration(name: queue)
        if deadLetters { declaration = declaration.deadLettering(to: exchange + ".dlx") }
        try await connection.declareQueue(declaration)
        try await connection.bindQueue(queue, to: exchange, routingKey: "orders")
        return (exchange, queue, dlq)
    }

    @Test func publishConsumeRoundTripKeepsBodyAndProperties() async throws {
        let connection = try await AMQPConnection.connect(url: url)
        let consumer = try await AMQPConnection.connect(url: url)
        let names = try await topology(connection)
        let properties = AMQPMessageProperties(
            messageID: "m-1", timestamp: 1_700_000_000, headers: ["x-sent-us": .int(42), "kind": .string("test")])
        try await connection.publish(
            Array("hello".utf8), exchange: names.exchange, routingKey: "orders", properties: properties)

        let deliveries = try await consumer.consume(queue: names.queue, prefetch: 10)
        var iterator = deliveries.makeAsyncIterator()
        let delivery = try #require(try await iterator.next())
        #expect(String(decoding: delivery.body, as: UTF8.self) == "hello")
        #expect(delivery.properties.messageID == "m-1")
        #expect(delivery.properties.persistent)
        #expect(delivery.properties.timestamp == 1_700_000_000)
        #expect(delivery.properties.headers["x-sent-us"] == .int(42))
        #expect(delivery.properties.headers["kind"] == .string("test"))
        #expect(!delivery.redelivered)
        try await consumer.ack(delivery)
        await consumer.close()
        #expect(try await connection.inspectQueue(names.queue).messageCount == 0)
        await connection.close()
    }

    @Test func concurrentPublishesAreAllConfirmed() async throws {
        let connection = try await AMQPConnection.connect(url: url)
        let names = try await topology(connection)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<1_000 {
                group.addTask {
                    try await connection.publish(
                        Array("\(index)".utf8), exchange: names.exchange, routingKey: "orders",
                        properties: AMQPMessageProperties(messageID: "m-\(index)"))
                }
            }
            try await group.waitForAll()
        }
        #expect(try await connection.inspectQueue(names.queue).messageCount == 1_000)
        #expect(try await connection.purgeQueue(names.queue) == 1_000)
        await connection.close()
    }

    @Test func nackWithoutRequeueDeadLetters() async throws {
        let connection = try await AMQPConnection.connect(url: url)
        let consumer = try await AMQPConnection.connect(url: url)
        let names = try await topology(connection, deadLetters: true)
        try await connection.publish(Array("{poison".utf8), exchange: names.exchange, routingKey: "orders")
        var iterator = try await consumer.consume(queue: names.queue, prefetch: 1).makeAsyncIterator()
        let delivery = try #require(try await iterator.next())
        try await consumer.nack(delivery, requeue: false)
        var dead = 0
        for _ in 0..<50 where dead == 0 {
            dead = try await connection.inspectQueue(names.dlq).messageCount
            if dead == 0 { try await Task.sleep(for: .milliseconds(20)) }
        }
        #expect(dead == 1)
        #expect(try await connection.inspectQueue(names.queue).messageCount == 0)
        await consumer.close()
        await connection.close()
    }

    @Test func unackedMessagesAreRedeliveredAfterTheConsumerGoes() async throws {
        let connection = try await AMQPConnection.connect(url: url)
        let names = try await topology(connection)
        try await connection.publish(Array("again".utf8), exchange: names.exchange, routingKey: "orders")
        let first = try await AMQPConnection.connect(url: url)
        var iterator = try await first.consume(queue: names.queue, prefetch: 1).makeAsyncIterator()
        _ = try #require(try await iterator.next())
        await first.close()
        let second = try await AMQPConnection.connect(url: url)
        var again = try await second.consume(queue: names.queue, prefetch: 1).makeAsyncIterator()
        let delivery = try #require(try await again.next())
        #expect(delivery.redelivered)
        try await second.ack(delivery)
        await second.close()
        await connection.close()
    }

    @Test func missingQueueIsAChannelErrorAndTheConnectionSurvives() async throws {
        let connection = try await AMQPConnection.connect(url: url)
        await #expect {
            _ = try await connection.inspectQueue("no-such-queue-\(UUID())")
        } throws: { error in
            guard case .channelClosed(let code, _) = error as? AMQPError else { return false }
            return code == 404
        }
        let names = try await topology(connection)
        #expect(try await connection.inspectQueue(names.queue).messageCount == 0)
        await connection.close()
    }

    /// Replies to RPCs are the broker heard from: a connection asked something several times a second
    /// (the lab's queue gauges) must not be given up as silent, though the poll never sees those bytes.
    @Test func aConnectionBusyWithCallsIsNotGivenUpAsSilent() async throws {
        let separator = url.contains("?") ? "&" : "?"
        let connection = try await AMQPConnection.connect(url: url + separator + "heartbeat=1")
        let names = try await topology(connection)
        let clock = ContinuousClock()
        let end = clock.now + .seconds(5)
        while clock.now < end {
            _ = try await connection.inspectQueue(names.queue)
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(connection.closedReason == nil, "given up after 5 s of answered calls: \(connection.closedReason!)")
        await connection.close()
    }

    @Test func closingEndsTheDeliveryStreamAndLaterCallsFail() async throws {
        let connection = try await AMQPConnection.connect(url: url)
        let names = try await topology(connection)
        for index in 0..<3 {
            try await connection.publish(Array("m\(index)".utf8), exchange: names.exchange, routingKey: "orders")
        }
        let consumer = try await AMQPConnection.connect(url: url)
        let deliveries = try await consumer.consume(queue: names.queue, prefetch: 1)
        var iterator = deliveries.makeAsyncIterator()
        let first = try await iterator.next()
        #expect(first.map { String(decoding: $0.body, as: UTF8.self) } == "m0")
        await consumer.close()
        // The stream must end (the suite's time limit fails a hang); the unacked
        // message and the two never delivered stay in the queue.
        var afterClose = 0
        do {
            while try await iterator.next() != nil { afterClose += 1 }
        } catch {}
        #expect(afterClose == 0)
        await #expect(throws: AMQPError.self) { try await consumer.inspectQueue(names.queue) }
        #expect(try await waitForDepth(3, of: names.queue, on: connection))
        await connection.close()
    }

    /// Polls the ready count until it is `expected` (the broker requeues a closed consumer's messages).
    func waitForDepth(_ expected: Int, of queue: String, on connection: AMQPConnection) async throws -> Bool {
        for _ in 0..<100 {
            if try await connection.inspectQueue(queue).messageCount == expected { return true }
            try await Task.sleep(for: .milliseconds(50))
        }
        return false
    }

    @Test func wrongPasswordIsALoginError() async throws {
        var endpoint = try AMQPEndpoint(url: url)
        endpoint.password = "wrong"
        await #expect {
            _ = try await AMQPConnection.connect(to: endpoint)
        } throws: { error in
            guard case .loginFailed = error as? AMQPError else { return false }
            return true
        }
    }
}

let brokerURL = ProcessInfo.processInfo.environment["AMQP_URL"]
