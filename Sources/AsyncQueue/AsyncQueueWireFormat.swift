import OrderDomain
import OrderWorkload

/// Part B's messages as they go on the wire, for the README's "wire format" section.
public enum AsyncQueueWireFormat {
    public static func section() -> String {
        let event = WireFormatExamples.orderPlaced
        var entries = [
            WireFormatDocument.Entry(
                event: "OrderPlaced",
                route:
                    "exchange `\(AsyncQueueTopology.ordersExchange)`, routing key `\(AsyncQueueTopology.orderPlacedKey)`, "
                    + "persistent, AMQP `message_id` property = `message_id`",
                json: WireFormatDocument.json(event))
        ]
        for outcome in [WireFormatExamples.reserved, WireFormatExamples.failed] {
            let message = AsyncQueueTopology.inventoryOutputs.outcome(outcome)
            entries.append(
                WireFormatDocument.Entry(
                    event: outcome.eventType,
                    route: "exchange `\(message.destination)`, routing key `\(message.key ?? "")`, persistent",
                    json: WireFormatDocument.json(outcome)))
        }
        return WireFormatDocument.markdown(entries, note: WireFormatExamples.note)
    }
}
