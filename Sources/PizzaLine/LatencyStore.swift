import GRDB
import OrderDomain

/// The latency tables the seed builds with ksqlDB, kept in SQLite by one
/// consumer: `order_latency` (order-processing joined with order-done),
/// `pizza_latency` (dough-machine joined with pizza-done, from the order's
/// start as in the seed) and `stage_latency` (each machine's `*-done`, as the
/// time since the stage before).
public final class LatencyStore: Sendable {
    private let database: any DatabaseWriter

    /// The tables, as migrations (see ``StoreSchema``).
    static let schema = StoreSchema(
        (
            "latency tables v1",
            """
                CREATE TABLE IF NOT EXISTS orders (
                    order_id INTEGER PRIMARY KEY NOT NULL, order_size INTEGER, start_ms INTEGER, end_ms INTEGER);
                CREATE TABLE IF NOT EXISTS pizzas (
                    pizza_id INTEGER PRIMARY KEY NOT NULL, order_id INTEGER, start_ms INTEGER,
                    dispatched_ms INTEGER, end_ms INTEGER);
                CREATE TABLE IF NOT EXISTS stages (
                    pizza_id INTEGER NOT NULL, order_id INTEGER NOT NULL, machine TEXT NOT NULL,
                    position INTEGER NOT NULL, done_ms INTEGER NOT NULL, PRIMARY KEY (pizza_id, machine));
                CREATE TABLE IF NOT EXISTS order_done_records (order_id INTEGER NOT NULL, end_ms INTEGER NOT NULL);
            """
        ))

    public enum Table: String, CaseIterable, Sendable {
        case orderLatency = "order_latency"
        case pizzaLatency = "pizza_latency"
        case stageLatency = "stage_latency"

        public var columns: [String] {
            switch self {
            case .orderLatency: ["ORDERID", "ORDERSIZE", "STARTTIMESTAMP", "ENDTIMESTAMP", "LATENCYMS"]
            case .pizzaLatency: ["PIZZAID", "ORDERID", "STARTTIMESTAMP", "ENDTIMESTAMP", "LATENCYMS"]
            case .stageLatency: ["PIZZAID", "ORDERID", "MACHINE", "DONETIMESTAMP", "STAGEMS"]
            }
        }

        var query: String {
            switch self {
            case .orderLatency:
                "SELECT order_id, order_size, start_ms, end_ms, end_ms - start_ms FROM orders ORDER BY order_id LIMIT ?"
            case .pizzaLatency:
                "SELECT pizza_id, order_id, start_ms, end_ms, end_ms - start_ms FROM pizzas ORDER BY pizza_id LIMIT ?"
            case .stageLatency:
                """
                SELECT s.pizza_id, s.order_id, s.machine, s.done_ms,
                  s.done_ms - COALESCE(
                    (SELECT MAX(p.done_ms) FROM stages p WHERE p.pizza_id = s.pizza_id AND p.position < s.position),
                    (SELECT z.dispatched_ms FROM pizzas z WHERE z.pizza_id = s.pizza_id))
                FROM stages s ORDER BY s.pizza_id, s.position LIMIT ?
                """
            }
        }
    }

    public init(store: LedgerStore) throws {
        database = try store.open(schema: Self.schema)
    }

    public func orderStarted(_ event: OrderStarted) async throws {
        try await database.write { db in
            try db.execute(
                sql: """
                    INSERT INTO orders (order_id, order_size, start_ms) VALUES (?, ?, ?)
                    ON CONFLICT(order_id) DO UPDATE SET order_size = excluded.order_size,
                      start_ms = MIN(COALESCE(start_ms, excluded.start_ms), excluded.start_ms)
                    """, arguments: [event.orderId, event.orderSize, event.startTimestamp])
        }
    }

    /// Every `order-done` record is kept, so a second one for an order would show.
    public func orderDone(_ event: OrderDone) async throws {
        try await database.write { db in
            try db.execute(
                sql: "INSERT INTO order_done_records (order_id, end_ms) VALUES (?, ?)",
                arguments: [event.orderId, event.endTimestamp])
            try db.execute(
                sql: """
                    INSERT INTO orders (order_id, end_ms) VALUES (?, ?)
                    ON CONFLICT(order_id) DO UPDATE SET end_ms = MAX(COALESCE(end_ms, 0), excluded.end_ms)
                    """, arguments: [event.orderId, event.endTimestamp])
        }
    }

    public func pizzaDispatched(_ pizza: PizzaMessage) async throws {
        try await database.write { db in
            try db.execute(
                sql: """
                    INSERT INTO pizzas (pizza_id, order_id, start_ms, dispatched_ms) VALUES (?, ?, ?, ?)
                    ON CONFLICT(pizza_id) DO UPDATE SET start_ms = MIN(COALESCE(start_ms, excluded.start_ms), excluded.start_ms),
                      dispatched_ms = COALESCE(dispatched_ms, excluded.dispatched_ms)
                    """, arguments: [pizza.pizzaId, pizza.orderId, pizza.startTimestamp, pizza.dispatchTimestamp])
        }
    }

    public func pizzaDone(_ event: PizzaDone) async throws {
        try await database.write { db in
            try db.execute(
                sql: """
                    INSERT INTO pizzas (pizza_id, order_id, end_ms) VALUES (?, ?, ?)
                    ON CONFLICT(pizza_id) DO UPDATE SET end_ms = COALESCE(end_ms, excluded.end_ms)
                    """, arguments: [event.pizzaId, event.orderId, event.endTimestamp])
        }
    }

    public func stageDone(_ machine: Machine, _ event: StepDone) async throws {
        try await database.write { db in
            try db.execute(
                sql:
                    "INSERT OR IGNORE INTO stages (pizza_id, order_id, machine, position, done_ms) VALUES (?, ?, ?, ?, ?)",
                arguments: [
                    event.pizzaId, event.orderId, machine.rawValue, machine.index,
                    event.doneTimestamp ?? PizzaJSON.nowMilliseconds,
                ])
        }
    }

    /// A table as the seed's export API gives it: column names, then rows (numbers, text or null).
    public func rows(of table: Table, limit: Int) async throws -> [[DatabaseValue]] {
        try await database.read { db in
            try Row.fetchAll(db, sql: table.query, arguments: [limit]).map { row in
                (0..<row.count).map { row[$0] as DatabaseValue }
            }
        }
    }

    /// `order-done` records per order, for the exactly-once check.
    public func orderDoneRecords() async throws -> [Int: Int] {
        try await database.read { db in
            var counts: [Int: Int] = [:]
            for row in try Row.fetchAll(
                db, sql: "SELECT order_id, COUNT(*) AS n FROM order_done_records GROUP BY order_id")
            {
                counts[row["order_id"]] = row["n"]
            }
            return counts
        }
    }
}
