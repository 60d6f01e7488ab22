import OrderDomain
import Testing

@testable import Comparison

/// Per-user order: a user's order decided after their later one is counted, each order by its first decision.
@Suite struct OrderingCounterTests {
    func sent(_ id: String, _ user: String, at seconds: Double, kind: ClientRecord.Kind = .order) -> ClientRecord {
        ClientRecord(
            kind: kind, orderID: id, item: "pizza", quantity: 1, intendedSeconds: seconds, status: 202, reason: nil,
            latencyMilliseconds: 5, userID: user)
    }

    func decided(_ id: String, at microseconds: Int64, _ state: String = "reserved") -> LedgerEntry {
        LedgerEntry(orderID: id, state: state, lines: [], decidedMicroseconds: microseconds)
    }

    @Test func anEarlierOrderDecidedAfterALaterOneOfTheSameUserIsAViolation() {
        let records = [sent("a1", "ann", at: 0), sent("a2", "ann", at: 1), sent("a3", "ann", at: 2)]
        let ledger = [decided("a2", at: 10), decided("a1", at: 20), decided("a3", at: 30)]
        let result = OrderingCounter.count(records: records, ledger: ledger)
        #expect(result.count == 1)
        #expect(result.sample == ["ann: a1 after a2"])
        #expect(result.usersChecked == 1)
    }

    @Test func ordersInSendOrderAndOtherUsersInterleavedAreNoViolation() {
        let records = [sent("a1", "ann", at: 0), sent("b1", "bob", at: 0.5), sent("a2", "ann", at: 1)]
        let ledger = [decided("b1", at: 5), decided("a1", at: 10), decided("a2", at: 20, "rejected")]
        let result = OrderingCounter.count(records: records, ledger: ledger)
        #expect(result.count == 0)
        #expect(result.usersChecked == 1, "bob has one order: nothing to break")
    }

    /// A redelivery absorbed by the ledger, a release after a failed notification and a resend of the same id
    /// are not new decisions: only each order's first one counts.
    @Test func onlyTheFirstDecisionOfAnOrderCounts() {
        let records = [sent("a1", "ann", at: 0), sent("a2", "ann", at: 1), sent("a1", "ann", at: 1.5, kind: .resend)]
        let ledger = [
            decided("a1", at: 10), decided("a2", at: 20), decided("a1", at: 30, "released"),
            decided("a1", at: 40),
        ]
        #expect(OrderingCounter.count(records: records, ledger: ledger).count == 0)
    }

    @Test func twoEarlierOrdersAfterALaterOneAreTwoViolations() {
        let records = [sent("a1", "ann", at: 0), sent("a2", "ann", at: 1), sent("a3", "ann", at: 2)]
        let ledger = [decided("a3", at: 10), decided("a1", at: 20), decided("a2", at: 30)]
        #expect(OrderingCounter.count(records: records, ledger: ledger).count == 2)
    }
}
