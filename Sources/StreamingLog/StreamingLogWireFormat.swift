import OrderDomain
import OrderWorkload

/// Part C's records as they go on the wire, for the README's "wire format" section.
public enum StreamingLogWireFormat {
    public static func section() -> String {
        let event = WireFormatExamples.orderPlaced
        let item = InventoryItemEvent(
            sourceEventID: event.messageID, orderID: event.order.orderID, action: .reserve,
            item: event.order.quantitiesByItem[0], timestamp: WireFormatExamples.decidedAt)
        var entries = [
            WireFormatDocument.Entry(
                event: "OrderPlaced",
                route:
                    "topic `\(StreamingTopology.orderEvents)`, key = `order_id`, headers `message-id` = `message_id` "
                    + "and `\(StreamingTopology.eventTypeHeader)` = `OrderPlaced`",
                json: WireFormatDocument.json(event))
        ]
        let itemMessage = StreamingTopology.inventoryOutputs.itemEvent?(item)
        entries.append(
            WireFormatDocument.Entry(
                event: item.eventType,
                route:
                    "topic `\(itemMessage?.destination ?? StreamingTopology.inventoryEvents)`, key = `order_id`; "
                    + "one per item, action `reserve` (status placed) or `release` (status failed)",
                json: WireFormatDocument.json(item)))
        for outcome in [WireFormatExamples.reserved, WireFormatExamples.failed] {
            let message = StreamingTopology.inventoryOutputs.outcome(outcome)
            entries.append(
                WireFormatDocument.Entry(
                    event: outcome.eventType, route: "topic `\(message.destination)`, key = `order_id`",
                    json: WireFormatDocument.json(outcome)))
        }
        return WireFormatDocument.markdown(entries, note: WireFormatExamples.note)
            + """

            A record no consumer can read goes to `\(StreamingTopology.deadLetters)` unchanged (same key and
            value), with headers `reason`, `source-topic`, `source-partition`, `source-offset` and
            `consumer-group`.

            """
    }
}
