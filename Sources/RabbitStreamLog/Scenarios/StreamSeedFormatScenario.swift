import AMQP
import LabKit
import OrderDomain
import OrderWorkload
import RabbitMQEngine

/// Part D's seed-format check: `amqp-publish` writes the seed's example to
/// `order-events` (a plain AMQP message: no headers, as a seed producer
/// sends it), and a reader attached at the stream's end before an order is
/// placed reads back the record the producer service appended.
enum StreamSeedFormatScenario {
    static func make() -> LogSeedFormatScenario<RabbitStreamLab> {
        LogSeedFormatScenario(tool: "amqp-publish", package: "amqp-tools") { lab, publisher, body in
            let published = try await ExternalCommand.run(
                publisher,
                AMQPToolArguments.connection(lab.endpoint) + [
                    "-e", RabbitStreamTopology.orderEvents, "-p", "-C", "application/json", "-b", body,
                ])
            return published.succeeded ? nil : published.output
        } readBack: { lab, _ in
            let reader = try await AMQPConnection.connect(to: lab.endpoint)
            do {
                let deliveries = try await reader.consumeBatches(
                    queue: RabbitStreamTopology.orderEvents, prefetch: 10,
                    arguments: AMQPStreamOffset.next.consumeArguments)
                let answer = await lab.placeOrder(user: "seed-reader", item: "pizza", quantity: 1)
                guard answer.status == 202, let accepted = answer.decode(OrderEntryService.Accepted.self) else {
                    await reader.close()
                    return []
                }
                let body = await firstBody(of: accepted.orderID, in: deliveries, upTo: .seconds(10))
                await reader.close()
                return body
            } catch {
                await reader.close()
                throw error
            }
        }
    }

    /// The body of the first delivery that carries `orderID`; empty when none comes within `limit`.
    private static func firstBody(
        of orderID: String, in deliveries: AsyncThrowingStream<[AMQPDelivery], any Error>, upTo limit: Duration
    ) async -> [UInt8] {
        await withTaskGroup(of: [UInt8].self) { group in
            group.addTask {
                do {
                    for try await batch in deliveries {
                        if let hit = batch.first(where: { String(decoding: $0.body, as: UTF8.self).contains(orderID) })
                        {
                            return hit.body
                        }
                    }
                } catch {}
                return []
            }
            group.addTask {
                try? await Task.sleep(for: limit)
                return []
            }
            let first = await group.next() ?? []
            group.cancelAll()
            return first
        }
    }
}
