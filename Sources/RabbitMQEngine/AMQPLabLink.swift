import AMQP
import Brokers
import Logging

/// A lab's own connection to RabbitMQ (to publish past the services and read
/// queues), made again after the broker comes back from a crash or restart.
public struct AMQPLabLink: LabBrokerClients {
    public let endpoint: AMQPEndpoint
    private let publisher: AMQPPublisher

    /// Connects to `broker` and runs `prepare` (declare the part's topology) on
    /// this and every later connection.
    public static func open(
        to broker: LabBroker,
        prepare: @escaping @Sendable (AMQPConnection) async throws(AMQPError) -> Void
    ) async throws -> AMQPLabLink {
        let endpoint = try AMQPEndpoint(url: broker.address)
        let link = AMQPLabLink(
            endpoint: endpoint,
            publisher: AMQPPublisher(endpoint: endpoint, logger: Logger(label: "commlab.lab"), prepare: prepare))
        do {
            _ = try await link.connection
        } catch {
            await link.close()
            throw error
        }
        return link
    }

    /// The live connection.
    public var connection: AMQPConnection {
        get async throws { try await publisher.current() }
    }

    public func close() async { await publisher.close() }

    /// The string value of `header` on every message in `queue`, oldest first
    /// ("" where it is missing), read without taking them: a connection of its
    /// own receives them and closes without acknowledging, so the broker keeps
    /// every one. Gives up after `limit` with nothing.
    public func peekHeader(_ header: String, in queue: String, limit: Duration = .seconds(5)) async throws
        -> [String]
    {
        try await peek(in: queue, limit: limit) { delivery in
            if case .string(let value) = delivery.properties.headers[header] { return value }
            return ""
        }
    }

    /// The message id of every message in `queue`, oldest first ("" where it has none), read as
    /// ``peekHeader(_:in:limit:)`` reads: without taking them.
    public func peekMessageIDs(in queue: String, limit: Duration = .seconds(5)) async throws -> [String] {
        try await peek(in: queue, limit: limit) { $0.properties.messageID ?? "" }
    }

    private func peek(
        in queue: String, limit: Duration, _ value: @escaping @Sendable (AMQPDelivery) -> String
    ) async throws -> [String] {
        let expected = try await connection.inspectQueue(queue).messageCount
        guard expected > 0 else { return [] }
        let reader = try await AMQPConnection.connect(to: endpoint)
        let deliveries = try await reader.consumeBatches(queue: queue, prefetch: min(expected, 65_535))
        let values = await withTaskGroup(of: [String]?.self) { group in
            group.addTask {
                var values: [String] = []
                do {
                    for try await batch in deliveries {
                        for delivery in batch { values.append(value(delivery)) }
                        if values.count >= expected { break }
                    }
                } catch {}
                return values
            }
            group.addTask {
                try? await Task.sleep(for: limit)
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
        await reader.close()
        return values ?? []
    }
}
