import AMQP
import Logging

/// A connection that is made on first use and made again after it is lost,
/// so a service outlives a broker restart: calls fail while the broker is
/// down (the caller answers 503) and work again once it is back.
public actor BrokerConnection {
    public let endpoint: AMQPEndpoint
    private var connection: AMQPConnection?
    private let logger: Logger

    public init(endpoint: AMQPEndpoint, logger: Logger) {
        self.endpoint = endpoint
        self.logger = logger
    }

    /// The live connection, connecting (and declaring the topology) if needed.
    public func current() async throws(AMQPError) -> AMQPConnection {
        if let connection { return connection }
        let fresh = try await AMQPConnection.connect(to: endpoint)
        do throws(AMQPError) {
            try await AsyncQueueTopology.declare(on: fresh)
        } catch {
            await fresh.close()
            throw error
        }
        logger.info("connected to \(endpoint)")
        connection = fresh
        return fresh
    }

    /// Forgets a connection that failed, so the next call reconnects.
    public func discard(_ failed: AMQPConnection) async {
        guard connection === failed else { return }
        connection = nil
        await failed.close()
    }

    public func close() async {
        await connection?.close()
        connection = nil
    }

    /// Publishes with a confirm; on a connection error the connection is dropped for the next call.
    public func publish(
        _ body: [UInt8], exchange: String, routingKey: String, properties: AMQPMessageProperties
    ) async throws(AMQPError) {
        let connection = try await current()
        do throws(AMQPError) {
            try await connection.publish(body, exchange: exchange, routingKey: routingKey, properties: properties)
        } catch {
            if case .publishNotConfirmed = error { throw error }
            await discard(connection)
            throw error
        }
    }
}
