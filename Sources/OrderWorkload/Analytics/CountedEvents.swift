import GRDB

/// The ids of every event analytics has counted, held in memory by the
/// store's writer between its transactions (see ``OrderAnalytics``; held by a
/// `WriterMemory`, which notices another connection's commits).
///
/// The ids are also appended to a table without an index: a unique index
/// over them cost a write of nearly every page of it per transaction (a
/// batch's ids come from every partition of the log, so they land all over
/// any index of them), ~1.4 page writes per order; appended rows fill the
/// table's last pages only.
struct CountedEvents: Sendable {
    private var ids: Set<String>

    /// Every counted id, read inside the transaction that will use them.
    @Sendable static func read(_ db: Database) throws -> CountedEvents {
        var ids = Set<String>()
        let cursor = try String.fetchCursor(db, sql: "SELECT event_id FROM analytics_counted")
        while let id = try cursor.next() { ids.insert(id) }
        return CountedEvents(ids: ids)
    }

    private init(ids: Set<String>) {
        self.ids = ids
    }

    /// Notes an id as counted; false when it was counted before.
    mutating func insert(_ id: String) -> Bool {
        ids.insert(id).inserted
    }

    /// Forgets every id, with the table's rows in the same transaction.
    mutating func removeAll() {
        ids.removeAll()
    }
}
