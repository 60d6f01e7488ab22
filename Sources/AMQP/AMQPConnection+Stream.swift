extension AMQPConnection {
    /// Declares `name` as a stream kept as `retention` says; a queue of that
    /// name that is not a stream, or a stream declared with other retention,
    /// is refused with what to do about it (the broker's own words are a
    /// precondition failure that names an argument).
    @discardableResult
    public func declareStream(_ name: String, retention: AMQPStreamRetention) async throws(AMQPError)
        -> AMQPQueueState
    {
        do {
            return try await declareQueue(.stream(name, retention: retention))
        } catch .channelClosed(let code, let text) where code == 406 {
            throw .streamRefused(stream: name, brokerSaid: text)
        }
    }

    /// The offset one past the last record of `stream`: what a reader attached
    /// at its last chunk receives until nothing more comes for `quiet`
    /// (RabbitMQ 3.10 gives AMQP 0-9-1 clients no call for it). On a
    /// connection of its own, closed before it returns.
    public static func streamEnd(
        _ stream: String, at endpoint: AMQPEndpoint, quiet: Duration = .milliseconds(300)
    ) async throws -> Int64 {
        let reader = try await AMQPConnection.connect(to: endpoint)
        let deliveries: AsyncThrowingStream<[AMQPDelivery], any Error>
        do {
            deliveries = try await reader.consumeBatches(
                queue: stream, prefetch: 1_000, arguments: AMQPStreamOffset.last.consumeArguments)
        } catch {
            await reader.close()
            throw error
        }
        let last = await withTaskGroup(of: Int64?.self) { group in
            group.addTask {
                var last: Int64 = -1
                do {
                    for try await batch in deliveries {
                        last = max(last, batch.compactMap(\.streamOffset).max() ?? last)
                        try await reader.ack(deliveryTags: batch.map(\.deliveryTag))
                    }
                } catch {}
                return last
            }
            try? await Task.sleep(for: quiet)
            await reader.close()
            return await group.next() ?? nil
        }
        return (last ?? -1) + 1
    }
}
