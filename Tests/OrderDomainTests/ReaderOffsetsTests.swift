import Foundation
import OrderDomain
import Testing

/// A reader's position kept beside its state: finished out of order, moved together with the effects.
@Suite struct ReaderOffsetsTests {
    let ledger: InventoryLedger

    init() throws {
        ledger = try InventoryLedger(store: .memory, initialStock: StockLevels(["pizza": 10]))
    }

    @Test func messagesFinishedOutOfOrderMoveTheNextOffsetOnlyPastTheFinishedRun() async throws {
        let offsets = ledger.readerOffsets
        try await offsets.skip(to: 0, of: "log")
        try await offsets.finish(["log": [0, 1, 3, 5]])
        #expect(try await offsets.position(of: "log") == .init(next: 2, finishedAhead: [3, 5]))
        try await offsets.finish(["log": [2]])
        #expect(try await offsets.position(of: "log") == .init(next: 4, finishedAhead: [5]))
        // Finished again (a redelivery that slipped through): nothing moves.
        try await offsets.finish(["log": [1, 3]])
        #expect(try await offsets.position(of: "log") == .init(next: 4, finishedAhead: [5]))
        try await offsets.finish(["log": [4]])
        #expect(try await offsets.position(of: "log") == .init(next: 6, finishedAhead: []))
    }

    @Test func skippingMovesOnlyForwardAndDropsWhatItPasses() async throws {
        let offsets = ledger.readerOffsets
        try await offsets.skip(to: 10, of: "log")
        try await offsets.finish(["log": [12]])
        try await offsets.skip(to: 5, of: "log")
        #expect(try await offsets.position(of: "log") == .init(next: 10, finishedAhead: [12]))
        try await offsets.skip(to: 13, of: "log")
        #expect(try await offsets.position(of: "log") == .init(next: 13, finishedAhead: []))
    }

    @Test func decisionsTheirRecordsAndTheReaderPositionCommitTogether() async throws {
        try await ledger.readerOffsets.skip(to: 0, of: "orders")
        let (decisions, ids) = try await ledger.decide(
            [.reserve("o1", [.init(itemID: "pizza", quantity: 2)])], finishing: ["orders": [0]]
        ) { decisions in decisions.map { _ in Array("reserved o1".utf8) } }
        #expect(decisions.count == 1)
        #expect(try await ledger.outbox.pending().map(\.id) == ids)
        #expect(try await ledger.outbox.pending().map(\.record) == [Array("reserved o1".utf8)])
        #expect(try await ledger.readerOffsets.position(of: "orders")?.next == 1)
        try await ledger.outbox.remove(ids)
        #expect(try await ledger.outbox.count() == 0)
    }

    @Test func whenTheRecordsCannotBeWrittenNothingChanges() async throws {
        struct Unwritable: Error {}
        try await ledger.readerOffsets.skip(to: 0, of: "orders")
        await #expect(throws: Unwritable.self) {
            _ = try await ledger.decide(
                [.reserve("o1", [.init(itemID: "pizza", quantity: 2)])], finishing: ["orders": [0]]
            ) { _ in throw Unwritable() }
        }
        #expect(try await ledger.stock() == StockLevels(["pizza": 10]))
        #expect(try await ledger.state(of: "o1") == nil)
        #expect(try await ledger.outbox.count() == 0)
        #expect(try await ledger.readerOffsets.position(of: "orders")?.next == 0)
    }
}
