import OrderDomain

/// Counts per-user order violations: a user's order the inventory decided
/// (reserved or refused) after a later order of the same user. A user's
/// orders are numbered by when the client sent them — the per-user sequence
/// is the send order, which the client knows — and the inventory's ledger
/// says in which order they were handled, each order by its first decision
/// (a redelivery that is absorbed leaves none). Nothing about a model's
/// guarantees is assumed: a queue's competing consumers, a retry and a
/// redelivery after a crash can each reorder, and a log keeps order only
/// within a partition.
public enum OrderingCounter {
    public struct Violations: Sendable, Equatable {
        /// Orders decided after a later order of their user.
        public var count = 0
        /// Users with at least two orders decided, whose order could have been broken.
        public var usersChecked = 0
        /// A few, as "user: earlier order after later order".
        public var sample: [String] = []
    }

    /// `records` are what the client sent (a resend or a poison request is not a new order); `ledger` is the
    /// inventory's decisions, in any order.
    public static func count(records: [ClientRecord], ledger: [LedgerEntry]) -> Violations {
        var sent: [String: (user: String, at: Double)] = [:]
        for record in records where record.kind == .order || record.kind == .meantToFail {
            guard let id = record.orderID, let user = record.userID, sent[id] == nil else { continue }
            sent[id] = (user, record.intendedSeconds)
        }
        var firstDecision: [String: Int64] = [:]
        for entry in ledger where entry.state != "released" && sent[entry.orderID] != nil {
            firstDecision[entry.orderID] = min(firstDecision[entry.orderID] ?? .max, entry.decidedMicroseconds)
        }
        var byUser: [String: [(id: String, sentAt: Double, decided: Int64)]] = [:]
        for (id, decided) in firstDecision {
            guard let order = sent[id] else { continue }
            byUser[order.user, default: []].append((id, order.at, decided))
        }
        var result = Violations()
        for user in byUser.keys.sorted() {
            let decided = byUser[user, default: []].sorted { ($0.decided, $0.sentAt) < ($1.decided, $1.sentAt) }
            guard decided.count > 1 else { continue }
            result.usersChecked += 1
            var latest: (id: String, sentAt: Double)?
            for order in decided {
                if let later = latest, order.sentAt < later.sentAt {
                    result.count += 1
                    if result.sample.count < 5 { result.sample.append("\(user): \(order.id) after \(later.id)") }
                } else {
                    latest = (order.id, order.sentAt)
                }
            }
        }
        return result
    }
}
