import Foundation
import Logging
import Messaging
import ServiceLifecycle

/// A publisher whose connection is made on first use and made again after it
/// is lost, so a service outlives a broker restart: publishes fail while the
/// broker is down (the caller answers 503 or retries) and work again once it
/// is back. Every publish waits for the broker's confirm.
public actor AMQPPublisher: MessagePublisher, Service {
    public nonisolated let endpoint: AMQPEndpoint
    private let prepare: @Sendable (AMQPConnection) async throws(AMQPError) -> Void
    private var connection: AMQPConnection?
    private var connecting: Task<AMQPConnection, any Error>?
    private let logger: Logger

    /// `prepare` runs on every new connection before it is used (declare the topology there).
    public init(
        endpoint: AMQPEndpoint, logger: Logger,
        prepare: @escaping @Sendable (AMQPConnection) async throws(AMQPError) -> Void = { _ throws(AMQPError) in }
    ) {
        self.endpoint = endpoint
        self.logger = logger
        self.prepare = prepare
    }

    /// The live connection, connecting (and preparing it) if needed. Callers
    /// that arrive while a connection is being made wait for that one instead
    /// of each opening their own.
    public func current() async throws(AMQPError) -> AMQPConnection {
        if let connection {
            guard let reason = connection.closedReason else { return connection }
            // Lost (the broker went away, or its replies stopped: a missed heartbeat): made again below instead
            // of failing every later call. Said once per lost connection: the lab's half-open check reads it.
            logger.warning("connection to \(endpoint) lost (\(reason)); connecting again")
            self.connection = nil
        }
        let attempt: Task<AMQPConnection, any Error>
        var started = false
        if let connecting {
            attempt = connecting
        } else {
            started = true
            let endpoint = self.endpoint
            let prepare = self.prepare
            attempt = Task {
                let fresh = try await AMQPConnection.connect(to: endpoint)
                do throws(AMQPError) {
                    try await prepare(fresh)
                } catch {
                    await fresh.close()
                    throw error
                }
                return fresh
            }
            connecting = attempt
        }
        let result = await withTaskCancellationHandler {
            await attempt.result
        } onCancel: {
            attempt.cancel()
        }
        if connecting == attempt { connecting = nil }
        switch result {
        case .success(let fresh):
            if connection == nil {
                logger.info("connected to \(endpoint)")
                connection = fresh
            }
            return connection ?? fresh
        case .failure(let error as AMQPError):
            // Said by the call that started the attempt only: the others waiting on it would repeat it.
            if started { logger.warning("could not connect to \(endpoint): \(error)") }
            throw error
        case .failure(let error):
            throw .library(operation: "connect to \(endpoint)", detail: "\(error)")
        }
    }

    /// Forgets a connection that failed, so the next call reconnects.
    private func discard(_ failed: AMQPConnection) async {
        guard connection === failed else { return }
        logger.warning(
            "connection to \(endpoint) lost (\(failed.closedReason.map { "\($0)" } ?? "a publish failed")); connecting again"
        )
        connection = nil
        await failed.close()
    }

    public func close() async {
        connecting?.cancel()
        await connection?.close()
        connection = nil
    }

    /// Lives as long as its service group: on graceful shutdown (after the
    /// services listed after it have stopped) it closes its connection.
    public func run() async throws {
        try? await gracefulShutdown()
        await close()
    }

    /// Publishes persistently with a confirm; on a connection error the
    /// connection is dropped, so the next call reconnects.
    public func publish(
        _ body: [UInt8], exchange: String, routingKey: String, properties: AMQPMessageProperties
    ) async throws(AMQPError) {
        let connection = try await current()
        do throws(AMQPError) {
            try await connection.publish(body, exchange: exchange, routingKey: routingKey, properties: properties)
        } catch {
            switch error {
            case .publishNotConfirmed, .cancelled: break
            default: await discard(connection)
            }
            throw error
        }
    }

    /// `destination` is the exchange and `key` the routing key.
    public func publish(_ message: OutboundMessage) async throws {
        try await publish(
            message.body, exchange: message.destination, routingKey: message.key ?? "",
            properties: AMQPMessageProperties(
                messageID: message.messageID, timestamp: UInt64(Date().timeIntervalSince1970),
                headers: message.headers.mapValues { .string($0) }))
    }
}
