import AsyncHTTPClient
import Foundation
import Hummingbird
import HummingbirdTesting
import LabKit
import OrderDomain
import OrderWorkload
import Synchronization
import Testing

@testable import Comparison

/// The segment runner's count per order id, against a stand-in model that is an HTTP order entry in this
/// process (the models themselves are run by `commlab compare` over real processes and brokers). The
/// stand-in can be told to lose or to complete twice some of the orders it accepted: the count must say so.
@Suite(.timeLimit(.minutes(2))) struct SegmentRunnerTests {
    enum Misbehaviour: Sendable { case none, loseEveryFifth, completeEveryFifthTwice }

    /// What the stand-in recorded: completions and reservations by order id, and its stock.
    final class Records: Sendable {
        let completions = Mutex<[SentNotification]>([])
        let ledger = Mutex<[LedgerEntry]>([])
        let stock = Mutex<[String: Int]>(["pizza": 1_000, "burger": 1_000])
        let accepted = Mutex(0)
    }

    struct StandInLab: ComparedLab {
        let client: LabHTTPClient
        let orderURL: String
        var inventoryURL: String { orderURL }
        let records: Records
        var services: RunningServices { RunningServices() }
        var inventory: ServiceProcess {
            ServiceProcess(
                ServiceLaunch(name: "inventory", executable: "/bin/false", arguments: [], logPath: "/dev/null"))
        }
        var costedProcesses: [String: Int32] { get async { [:] } }
        func completions(since: Timestamp) async throws -> [SentNotification] { records.completions.withLock { $0 } }
        func ledgerEntries(since: Timestamp) async throws -> [LedgerEntry] { records.ledger.withLock { $0 } }
        func completedOrders() async throws -> Int { records.completions.withLock { $0.count } }
        func stop() async {}
    }

    func router(_ records: Records, _ misbehaviour: Misbehaviour) -> Router<BasicRequestContext> {
        let router = Router()
        router.get("/stock") { _, _ in try JSONResponse.encode(records.stock.withLock { $0 }) }
        router.post("/order") { request, _ in
            let placed = try await OrderRequestReader().placedOrder(from: request)
            let line = placed.items[0]
            guard records.stock.withLock({ $0[line.itemID] }) != nil else {
                throw JSONErrorResponse(status: .unprocessableContent, code: "unknown_item", message: line.itemID)
            }
            let number = records.accepted.withLock { count in
                count += 1
                return count
            }
            let now = Timestamp.now().microsecondsSinceEpoch
            let lost = misbehaviour == .loseEveryFifth && number.isMultiple(of: 5)
            if !lost {
                records.stock.withLock { $0[line.itemID, default: 0] -= line.quantity }
                records.ledger.withLock {
                    $0.append(
                        LedgerEntry(
                            orderID: placed.orderID, state: "reserved",
                            lines: [ItemQuantity(itemID: line.itemID, quantity: line.quantity)],
                            decidedMicroseconds: now))
                }
                let times = misbehaviour == .completeEveryFifthTwice && number.isMultiple(of: 5) ? 2 : 1
                records.completions.withLock {
                    for _ in 0..<times { $0.append(SentNotification(orderID: placed.orderID, sentMicroseconds: now)) }
                }
            }
            return try JSONResponse.encode(["order_id": placed.orderID], status: .accepted)
        }
        return router
    }

    static let workload = """
        rate: 20
        seed: 7
        client_timeout_ms: 5000
        downstream_timeout_ms: 1000
        drain_limit_s: 2
        phases: { before: 1, window: 1, after: 1 }
        mix:
          - { item: pizza, weight: 1, quantity: [1, 2] }
          - { item: burger, weight: 1, quantity: [1, 1] }
        meant_to_fail: { share: 0.1, item: truffle }
        faults:
          - { kind: baseline }
        """

    func run(_ misbehaviour: Misbehaviour) async throws -> FaultOutcome {
        let workload = try WorkloadFile.parse(Self.workload, file: "test.yaml")
        let records = Records()
        let app = Application(router: router(records, misbehaviour))
        let http = HTTPClientFactory.lab(connectionsPerHost: 64)
        let result = Mutex<FaultOutcome?>(nil)
        try await app.test(.live) { client in
            let lab = StandInLab(
                client: LabHTTPClient(http: http), orderURL: "http://127.0.0.1:\(client.port ?? 0)", records: records)
            let runner = SegmentRunner(
                lab: lab, http: http, workload: workload, fault: workload.faults[0], segment: 0,
                progress: ProgressLog(prefix: "  "))
            let outcome = try await runner.run().outcome
            result.withLock { $0 = outcome }
        }
        try await http.shutdown()
        return try #require(result.withLock { $0 })
    }

    @Test func aModelThatCompletesEveryOrderOnceLosesNothing() async throws {
        let outcome = try await run(.none)
        #expect(outcome.offered == 60)
        #expect(outcome.accepted > 0 && outcome.accepted == outcome.completed)
        #expect(outcome.refusedTotal == outcome.offered - outcome.accepted, "\(outcome.refused)")
        #expect(outcome.refusedWithoutReason == 0)
        #expect(outcome.lost == 0 && outcome.duplicatedCompletions == 0 && outcome.consistent)
        #expect(Invariants.checks(outcome).allSatisfy { $0.passed })
    }

    @Test func ordersAcceptedAndNeverCompletedAreCountedLostById() async throws {
        let outcome = try await run(.loseEveryFifth)
        #expect(outcome.lost == outcome.accepted / 5)
        #expect(outcome.lostSample.allSatisfy { $0.hasPrefix("cmp-0-") })
        #expect(Invariants.checks(outcome).contains { !$0.passed })
    }

    @Test func anOrderCompletedTwiceIsCounted() async throws {
        let outcome = try await run(.completeEveryFifthTwice)
        // A second notification is a figure of the report, not a broken invariant: the stock shows a
        // double reservation, and this stand-in reserved once.
        #expect(outcome.duplicatedCompletions == outcome.accepted / 5)
        #expect(outcome.lost == 0 && outcome.consistent)
    }
}
