import LabKit
import OrderDomain

/// Where a paced order's end-to-end time went: from its publish to the
/// inventory's decision (first broker hop and the inventory's transaction),
/// and from the decision to the notification (second hop and the
/// notification's transaction), each read from the services' own records.
/// A tail that sits in one leg, or that hits several orders in the same
/// instant, says where it comes from.
struct PacedLegs {
    struct Order {
        var id: String
        var placed: Int64
        var decided: Int64
        var notified: Int64
        var toDecision: Double { Double(decided - placed) / 1_000 }
        var toNotification: Double { Double(notified - decided) / 1_000 }
        var total: Double { Double(notified - placed) / 1_000 }
    }

    var orders: [Order]

    init(placed: [String: Int64], decided: [LedgerEntry], notified: [SentNotification]) {
        let decisions = Dictionary(decided.map { ($0.orderID, $0.decidedMicroseconds) }, uniquingKeysWith: min)
        let notifications = Dictionary(notified.map { ($0.orderID, $0.sentMicroseconds) }, uniquingKeysWith: min)
        orders = placed.compactMap { id, placed in
            guard let decided = decisions[id], let notified = notifications[id] else { return nil }
            return Order(id: id, placed: placed, decided: decided, notified: notified)
        }.sorted { $0.placed < $1.placed }
    }

    var lines: [String] {
        guard let first = orders.first else { return ["legs: no order was both decided and notified"] }
        func summary(_ values: [Double]) -> String {
            var recorder = LatencyRecorder()
            for value in values { recorder.record(microseconds: Int64(value * 1_000)) }
            let s = recorder.summary
            return "p50 \(Format.milliseconds(s.p50Milliseconds)), p99 \(Format.milliseconds(s.p99Milliseconds)), "
                + "max \(Format.milliseconds(s.maxMilliseconds))"
        }
        var lines = [
            "publish → inventory decided: " + summary(orders.map(\.toDecision)),
            "decided → notified:          " + summary(orders.map(\.toNotification)),
            "the 5 slowest orders (when, after the first; each leg):",
        ]
        for order in orders.sorted(by: { $0.total > $1.total }).prefix(5) {
            lines.append(
                "  at \(Format.decimal(Double(order.placed - first.placed) / 1e6, places: 3)) s: "
                    + "\(Format.milliseconds(order.total)) = \(Format.milliseconds(order.toDecision)) to the decision + "
                    + "\(Format.milliseconds(order.toNotification)) to the notification")
        }
        return lines
    }
}
