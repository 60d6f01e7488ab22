import Foundation
import OrderDomain
import Testing

@Suite struct InventoryLedgerTests {
    func ledger(_ stock: [String: Int] = ["pizza": 10, "salad": 2]) throws -> InventoryLedger {
        try InventoryLedger(store: .memory, initialStock: StockLevels(stock))
    }

    @Test func reservesAllItemsAndTakesStock() async throws {
        let ledger = try ledger()
        let result = try await ledger.reserve(
            "o1", [.init(itemID: "pizza", quantity: 3), .init(itemID: "salad", quantity: 2)])
        #expect(
            result.outcome == .reserved([.init(itemID: "pizza", quantity: 3), .init(itemID: "salad", quantity: 2)]))
        #expect(!result.isReplay)
        #expect(try await ledger.stock() == StockLevels(["pizza": 7, "salad": 0]))
    }

    @Test func reservesNothingWhenOneItemIsShort() async throws {
        let ledger = try ledger()
        let result = try await ledger.reserve(
            "o1", [.init(itemID: "pizza", quantity: 3), .init(itemID: "salad", quantity: 5)])
        #expect(result.outcome == .rejected(.insufficientStock(itemID: "salad", requested: 5, available: 2)))
        #expect(try await ledger.stock() == StockLevels(["pizza": 10, "salad": 2]))
    }

    @Test func unknownItemIsRejectedWithItsName() async throws {
        let ledger = try ledger()
        let result = try await ledger.reserve("o1", [.init(itemID: "sushi", quantity: 1)])
        #expect(result.outcome == .rejected(.unknownItem(itemID: "sushi")))
    }

    @Test func sameReservationIDNeverReservesTwice() async throws {
        let ledger = try ledger()
        _ = try await ledger.reserve("m1", [.init(itemID: "pizza", quantity: 4)])
        let again = try await ledger.reserve("m1", [.init(itemID: "pizza", quantity: 4)])
        #expect(again.isReplay)
        #expect(again.outcome == .reserved([.init(itemID: "pizza", quantity: 4)]))
        #expect(try await ledger.stock()["pizza"] == 6)
    }

    @Test func rejectedReservationReplaysAsRejected() async throws {
        let ledger = try ledger()
        _ = try await ledger.reserve("m1", [.init(itemID: "salad", quantity: 3)])
        let again = try await ledger.reserve("m1", [.init(itemID: "salad", quantity: 1)])
        #expect(again.isReplay)
        #expect(again.outcome == .rejected(.insufficientStock(itemID: "salad", requested: 3, available: 2)))
        #expect(try await ledger.stock()["salad"] == 2)
    }

    @Test func releaseReturnsStockOnce() async throws {
        let ledger = try ledger()
        _ = try await ledger.reserve("o1", [.init(itemID: "pizza", quantity: 4)])
        #expect(try await ledger.release("o1") == .released)
        #expect(try await ledger.release("o1") == .alreadyReleased)
        #expect(try await ledger.stock()["pizza"] == 10)
    }

    @Test func releaseBeforeReserveCancelsTheLateReservation() async throws {
        let ledger = try ledger()
        #expect(try await ledger.release("late") == .nothingReserved)
        let late = try await ledger.reserve("late", [.init(itemID: "pizza", quantity: 1)])
        #expect(late.outcome == .rejected(.cancelled))
        #expect(try await ledger.stock()["pizza"] == 10)
    }

    @Test func stateTellsWhenAReservationIsFinal() async throws {
        let ledger = try ledger()
        #expect(try await ledger.state(of: "o1") == nil)
        _ = try await ledger.reserve("o1", [.init(itemID: "pizza", quantity: 1)])
        #expect(try await ledger.state(of: "o1") == "reserved")
        _ = try await ledger.release("o1")
        #expect(try await ledger.state(of: "o1") == "released")
        _ = try await ledger.release("never-reserved")
        #expect(try await ledger.state(of: "never-reserved") == "released")
    }

    @Test func concurrentReservationsNeverOversell() async throws {
        let ledger = try ledger(["salad": 25])
        let reserved = try await withThrowingTaskGroup(of: Bool.self) { group in
            for index in 0..<60 {
                group.addTask {
                    let result = try await ledger.reserve("o\(index)", [.init(itemID: "salad", quantity: 1)])
                    if case .reserved = result.outcome { return true }
                    return false
                }
            }
            return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(reserved == 25)
        #expect(try await ledger.stock()["salad"] == 0)
    }

    @Test func stockAndReservationsSurviveReopening() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("ledger-\(UUID()).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        do {
            let ledger = try InventoryLedger(store: .file(path: path), initialStock: StockLevels(["pizza": 5]))
            _ = try await ledger.reserve("m1", [.init(itemID: "pizza", quantity: 2)])
        }
        let reopened = try InventoryLedger(store: .file(path: path), initialStock: StockLevels(["pizza": 100]))
        #expect(try await reopened.stock()["pizza"] == 3)
        #expect(try await reopened.reserve("m1", [.init(itemID: "pizza", quantity: 2)]).isReplay)
        #expect(try await reopened.stock()["pizza"] == 3)
    }

    @Test func ledgersSharingAFileSeeEachOthersStock() async throws {
        // Inventory instances in separate processes share one ledger file; each keeps the stock in memory
        // between its transactions and must notice the others' commits.
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("ledger-\(UUID()).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let first = try InventoryLedger(store: .file(path: path), initialStock: StockLevels(["pizza": 5]))
        let second = try InventoryLedger(store: .file(path: path), initialStock: StockLevels(["pizza": 5]))
        #expect(
            try await first.reserve("a", [.init(itemID: "pizza", quantity: 3)]).outcome
                == .reserved([.init(itemID: "pizza", quantity: 3)]))
        #expect(
            try await second.reserve("b", [.init(itemID: "pizza", quantity: 3)]).outcome
                == .rejected(.insufficientStock(itemID: "pizza", requested: 3, available: 2)))
        #expect(try await second.reserve("a", [.init(itemID: "pizza", quantity: 3)]).isReplay)
        #expect(try await second.release("a") == .released)
        #expect(
            try await first.reserve("c", [.init(itemID: "pizza", quantity: 5)]).outcome
                == .reserved([.init(itemID: "pizza", quantity: 5)]))
        #expect(try await second.stock()["pizza"] == 0)
        let reserved = try await withThrowingTaskGroup(of: Bool.self) { group in
            _ = try await first.release("c")
            for index in 0..<40 {
                let ledger = index.isMultiple(of: 2) ? first : second
                group.addTask {
                    let result = try await ledger.reserve("o\(index)", [.init(itemID: "pizza", quantity: 1)])
                    if case .reserved = result.outcome { return true }
                    return false
                }
            }
            return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(reserved == 5)
        #expect(try await first.stock()["pizza"] == 0)
    }

    @Test func aFailedTransactionLeavesTheStockAsTheDatabaseHasIt() async throws {
        let ledger = try InventoryLedger(store: .memory, initialStock: StockLevels(["pizza": 5]))
        await #expect(throws: (any Error).self) {
            _ = try await ledger.decide([.reserve("r1", [.init(itemID: "pizza", quantity: 2)])], finishing: [:]) { _ in
                throw CancellationError()
            }
        }
        #expect(try await ledger.stock()["pizza"] == 5)
        #expect(try await ledger.state(of: "r1") == nil)
        #expect(
            try await ledger.reserve("r2", [.init(itemID: "pizza", quantity: 5)]).outcome
                == .reserved([.init(itemID: "pizza", quantity: 5)]))
    }

    @Test func anItemListedTwiceIsReservedOnceForTheSum() async throws {
        let ledger = try InventoryLedger(store: .memory, initialStock: StockLevels(["pizza": 3]))
        let refused = try await ledger.reserve(
            "o1", [.init(itemID: "pizza", quantity: 2), .init(itemID: "pizza", quantity: 2)])
        #expect(refused.outcome == .rejected(.insufficientStock(itemID: "pizza", requested: 4, available: 3)))
        let taken = try await ledger.reserve(
            "o2", [.init(itemID: "pizza", quantity: 1), .init(itemID: "pizza", quantity: 2)])
        #expect(taken.outcome == .reserved([.init(itemID: "pizza", quantity: 3)]))
        #expect(try await ledger.stock()["pizza"] == 0)
    }
}
