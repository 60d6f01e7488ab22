import OrderDomain
import OrderWorkload

/// Part B's messages as they go on the wire, for the README's "wire format" section.
public enum AsyncQueueWireFormat {
    public static func section() -> String {
        let event = WireFormatExamples.orderPlaced
        let reserved = InventoryOutcome(
            for: event, outcome: .reserved(event.order.quantitiesByItem), timestamp: WireFormatExamples.decidedAt)
        let failed = InventoryOutcome(
            for: event, outcome: .rejected(.insufficientStock(itemID: "burger", requested: 2, available: 1)),
            timestamp: WireFormatExamples.decidedAt)
        var entries = [
            WireFormatDocument.Entry(
                event: "OrderPlaced",
                route:
                    "exchange `\(AsyncQueueTopology.ordersExchange)`, routing key `\(AsyncQueueTopology.orderPlacedKey)`, "
                    + "persistent, AMQP `message_id` property = `message_id`",
                json: WireFormatDocument.json(event))
        ]
        for outcome in [reserved, failed] {
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
