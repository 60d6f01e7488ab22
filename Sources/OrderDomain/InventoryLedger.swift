import Foundation
import GRDB

/// Stock per item and every reservation ever decided, in SQLite.
///
/// A reservation is all or nothing, and is keyed by a reservation id (the
/// order id, or a message id): deciding the same id again replays the first
/// decision without touching stock, so a retried request or a redelivered
/// message never reserves twice. The stock change and the record of the id
/// are one transaction.
///
/// The writer keeps the stock in memory between its transactions
/// (``StockInHand``, held by a ``WriterMemory``, which notices another
/// process's commits to the same file): a decision reads and changes memory,
/// the record of its id is the one statement it costs, and the items a
/// transaction changed are written once at its end.
public final class InventoryLedger: Sendable {
    private let database: any DatabaseWriter
    private let stockInHand = WriterMemory(read: StockInHand.read)

    /// The tables, as migrations (see ``StoreSchema``).
    static let schema = StoreSchema(
        (
            "inventory ledger v1",
            """
                CREATE TABLE IF NOT EXISTS stock (
                    item_id TEXT PRIMARY KEY NOT NULL,
                    quantity INTEGER NOT NULL CHECK (quantity >= 0)
                );
                CREATE TABLE IF NOT EXISTS reservations (
                    reservation_id TEXT PRIMARY KEY NOT NULL,
                    state TEXT NOT NULL CHECK (state IN ('reserved', 'rejected', 'released')),
                    lines TEXT,
                    reason TEXT,
                    decided_us INTEGER NOT NULL
                ) WITHOUT ROWID;
            """
        ),
        ReaderOffsets.step, Outbox.step, ReaderOffsets.finishedAheadStep)

    /// Where this ledger's reader keeps its offsets in a log, in the ledger's database.
    public var readerOffsets: ReaderOffsets { ReaderOffsets(database: database) }

    /// The records decided with ``decide(_:finishing:records:)`` and not yet confirmed sent.
    public var outbox: Outbox { Outbox(database: database) }

    /// Opens (or creates) the ledger; `initialStock` is written only when the
    /// database is new, so a restarted service keeps the stock it had.
    public init(store: LedgerStore, initialStock: StockLevels = .campusDefault) throws {
        database = try store.open(schema: Self.schema)
        try database.write { db in
            let isNew = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM stock") == 0
            if isNew {
                for (item, quantity) in initialStock.quantities {
                    try db.execute(
                        sql: "INSERT INTO stock (item_id, quantity) VALUES (?, ?)", arguments: [item, quantity])
                }
            }
        }
    }

    /// Reserves every item of `quantities` under `reservationID`, or none. An
    /// item listed more than once is reserved once, for the sum.
    public func reserve(_ reservationID: String, _ quantities: [ItemQuantity]) async throws -> ReservationResult {
        let merged = ItemQuantity.merged(quantities)
        return try await writeWithStock { db, stock in try Self.reserve(db, reservationID, merged, &stock) }
    }

    /// Returns the stock of a reservation. Releasing an id that was never
    /// reserved leaves a tombstone, so a reservation that arrives late (after
    /// its caller timed out and gave up) is refused instead of taking stock
    /// nobody will pay for.
    public func release(_ reservationID: String) async throws -> ReleaseOutcome {
        try await writeWithStock { db, stock in try Self.release(db, reservationID, &stock) }
    }

    /// Makes many decisions in one transaction, in order (a later one sees
    /// the earlier ones: the same id twice in a batch is one reservation).
    /// One commit for the batch is what lets a consumer keep up with a log.
    public func decide(_ requests: [LedgerRequest]) async throws -> [LedgerDecision] {
        let merged = requests.map { request -> LedgerRequest in
            guard case .reserve(let id, let quantities) = request else { return request }
            return .reserve(id, ItemQuantity.merged(quantities))
        }
        return try await writeWithStock { db, stock in try Self.decide(db, merged, &stock) }
    }

    /// Decides as ``decide(_:)`` and, in the same transaction, puts the
    /// records the decisions produce in the ``outbox`` and records the
    /// reader's messages as finished (``ReaderOffsets/finish(_:_:)``): the
    /// stock, the decisions' records and the reader's position change
    /// together or not at all.
    public func decide(
        _ requests: [LedgerRequest], finishing: [String: [Int64]],
        records: @escaping @Sendable ([LedgerDecision]) throws -> [[UInt8]]
    ) async throws -> (decisions: [LedgerDecision], outbox: [Int64]) {
        let merged = requests.map { request -> LedgerRequest in
            guard case .reserve(let id, let quantities) = request else { return request }
            return .reserve(id, ItemQuantity.merged(quantities))
        }
        return try await writeWithStock { db, stock in
            let decisions = try Self.decide(db, merged, &stock)
            let ids = try Outbox.add(db, try records(decisions))
            try ReaderOffsets.finish(db, finishing)
            return (decisions, ids)
        }
    }

    private static func decide(_ db: Database, _ requests: [LedgerRequest], _ stock: inout StockInHand) throws
        -> [LedgerDecision]
    {
        try requests.map { request in
            switch request {
            case .reserve(let id, let quantities): .reserved(try reserve(db, id, quantities, &stock))
            case .release(let id): .released(try release(db, id, &stock))
            }
        }
    }

    /// Runs `body` in one write transaction with the stock in hand, then writes the items it changed.
    private func writeWithStock<T: Sendable>(
        _ body: @escaping @Sendable (Database, inout StockInHand) throws -> T
    ) async throws -> T {
        try await stockInHand.write(database) { db, stock in
            let result = try body(db, &stock)
            try stock.writeChanges(db)
            return result
        }
    }

    /// The state of a reservation (`reserved`, `rejected`, `released`), or nil
    /// if that id was never seen. `released` is final: nothing under that id
    /// can take stock afterwards.
    public func state(of reservationID: String) async throws -> String? {
        try await database.read { db in
            try String.fetchOne(
                db, sql: "SELECT state FROM reservations WHERE reservation_id = ?", arguments: [reservationID])
        }
    }

    /// Every reservation decided at or after `since`, oldest first.
    public func entries(since: Timestamp = Timestamp(microsecondsSinceEpoch: 0)) async throws -> [LedgerEntry] {
        try await database.read { db in
            try Row.fetchAll(
                db,
                sql:
                    "SELECT reservation_id, state, lines, decided_us FROM reservations WHERE decided_us >= ? ORDER BY decided_us",
                arguments: [since.microsecondsSinceEpoch]
            ).map { row in
                let lines: String? = row["lines"]
                return LedgerEntry(
                    orderID: row["reservation_id"], state: row["state"],
                    lines: try lines.map { try Self.decoder.decode([ItemQuantity].self, from: Data($0.utf8)) } ?? [],
                    decidedMicroseconds: row["decided_us"])
            }
        }
    }

    /// Current stock of every item.
    public func stock() async throws -> StockLevels {
        try await database.read { db in
            var quantities: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT item_id, quantity FROM stock") {
                quantities[row["item_id"]] = row["quantity"]
            }
            return StockLevels(quantities)
        }
    }

    private static let encoder = JSONEncoder()
    private static let decoder = JSONDecoder()

    /// Decides from the stock in hand and records the decision under its id
    /// in one statement; an id already recorded (a redelivery, a client's
    /// retry) keeps its first decision, read back, and this one is dropped.
    private static func reserve(
        _ db: Database, _ reservationID: String, _ quantities: [ItemQuantity], _ stock: inout StockInHand
    ) throws -> ReservationResult {
        var failure: InventoryFailureReason?
        for wanted in quantities {
            guard let available = stock[wanted.itemID] else {
                failure = .unknownItem(itemID: wanted.itemID)
                break
            }
            if available < wanted.quantity {
                failure = .insufficientStock(itemID: wanted.itemID, requested: wanted.quantity, available: available)
                break
            }
        }
        let record = try db.cachedStatement(
            sql: """
                INSERT INTO reservations (reservation_id, state, lines, reason, decided_us) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (reservation_id) DO NOTHING
                """)
        let now = Timestamp.now().microsecondsSinceEpoch
        if let failure {
            let reason = String(decoding: try encoder.encode(failure), as: UTF8.self)
            try record.execute(arguments: [reservationID, "rejected", nil, reason, now])
            guard db.changesCount == 1 else { return try replay(db, reservationID) }
            return ReservationResult(outcome: .rejected(failure), isReplay: false)
        }
        var json = JSONBytes()
        json.array(quantities) { json, item in item.write(to: &json) }
        try record.execute(arguments: [
            reservationID, "reserved", String(decoding: json.bytes, as: UTF8.self), nil, now,
        ])
        guard db.changesCount == 1 else { return try replay(db, reservationID) }
        for wanted in quantities { stock.change(wanted.itemID, by: -wanted.quantity) }
        return ReservationResult(outcome: .reserved(quantities), isReplay: false)
    }

    /// The first decision recorded under `reservationID`.
    private static func replay(_ db: Database, _ reservationID: String) throws -> ReservationResult {
        let existing = try db.cachedStatement(
            sql: "SELECT state, lines, reason FROM reservations WHERE reservation_id = ?")
        guard let row = try Row.fetchOne(existing, arguments: [reservationID]) else {
            throw DatabaseError(message: "reservation \(reservationID) was recorded and cannot be read back")
        }
        return ReservationResult(outcome: try previousOutcome(row), isReplay: true)
    }

    private static func release(_ db: Database, _ reservationID: String, _ stock: inout StockInHand) throws
        -> ReleaseOutcome
    {
        let row = try Row.fetchOne(
            try db.cachedStatement(sql: "SELECT state, lines FROM reservations WHERE reservation_id = ?"),
            arguments: [reservationID])
        guard let row else {
            try db.cachedStatement(
                sql: "INSERT INTO reservations (reservation_id, state, decided_us) VALUES (?, 'released', ?)"
            ).execute(arguments: [reservationID, Timestamp.now().microsecondsSinceEpoch])
            return .nothingReserved
        }
        switch row["state"] as String {
        case "reserved":
            let lines: String = row["lines"]
            let quantities = try decoder.decode([ItemQuantity].self, from: Data(lines.utf8))
            for item in quantities { stock.change(item.itemID, by: item.quantity) }
            try db.execute(
                sql: "UPDATE reservations SET state = 'released' WHERE reservation_id = ?", arguments: [reservationID])
            return .released
        case "released":
            return .alreadyReleased
        default:
            return .nothingReserved
        }
    }

    private static func previousOutcome(_ row: Row) throws -> ReservationOutcome {
        switch row["state"] as String {
        case "reserved":
            let lines: String = row["lines"]
            return .reserved(try decoder.decode([ItemQuantity].self, from: Data(lines.utf8)))
        case "rejected":
            let reason: String = row["reason"]
            return .rejected(try decoder.decode(InventoryFailureReason.self, from: Data(reason.utf8)))
        default:
            return .rejected(.cancelled)
        }
    }
}
