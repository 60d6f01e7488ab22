import Foundation
import OrderDomain
import Testing

@testable import PizzaLine

/// The line's rules without a broker: routing, back-pressure, restocking,
/// packaging once, the latency tables' queries.
@Suite struct PizzaLineTests {
    @Test func pizzasGoThroughTheFreezerOnlyWhenFrozen() {
        var pizza = PizzaMessage(pizzaId: 1_001, orderId: 1, orderSize: 1, startTimestamp: 0, frozen: false)
        #expect(Machine.ovenMachine.next(for: pizza) == .packagingMachine)
        pizza.frozen = true
        #expect(Machine.ovenMachine.next(for: pizza) == .freezerMachine)
        #expect(Machine.freezerMachine.next(for: pizza) == .packagingMachine)
        #expect(Machine.packagingMachine.next(for: pizza) == nil)
    }

    @Test func aStepIsTheSameWhenAPizzaComesAgain() {
        let pizza = PizzaMessage(pizzaId: 1_002, orderId: 1, orderSize: 2, startTimestamp: 0, frozen: false)
        #expect(Machine.sauceMachine.apply(to: pizza, now: 5) == Machine.sauceMachine.apply(to: pizza, now: 9))
        #expect(Machine.ovenMachine.apply(to: pizza, now: 0).baked)
        #expect(Machine.packagingMachine.apply(to: pizza, now: 42).endTimestamp == 42)
    }

    @Test func malformedPizzasSayWhy() {
        #expect(throws: PizzaMessageError.self) { try PizzaMessage.decode(Array("{not json".utf8)) }
        #expect(throws: PizzaMessageError.self) { try PizzaMessage.decode(Array(#"{"pizzaId":"seven"}"#.utf8)) }
        let zero = PizzaMessage(pizzaId: 0, orderId: 1, orderSize: 1, startTimestamp: 0, frozen: false)
        #expect(throws: PizzaMessageError.self) { try PizzaMessage.decode(PizzaJSON.bytes(zero)) }
    }

    @Test func dispatchWaitsForTheDoughMachineAndTheLineCapacity() async {
        let book = OrderBook(inFlight: 1, lineCapacity: 2)
        _ = await book.start(size: 5, at: 0)
        let first = await book.dispatchNext(at: 1)
        #expect(first?.pizzaId == 1_001)
        #expect(await book.dispatchNext(at: 1) == nil, "one in flight to the dough machine")
        await book.doughDone(pizzaId: 1_001)
        #expect(await book.dispatchNext(at: 2)?.pizzaId == 1_002)
        await book.doughDone(pizzaId: 1_002)
        #expect(await book.dispatchNext(at: 3) == nil, "two on the line: the capacity holds the third")
        _ = await book.pizzaDone(PizzaDone(orderId: 1, orderSize: 5, pizzaId: 1_001, endTimestamp: 4))
        #expect(await book.dispatchNext(at: 5)?.pizzaId == 1_003)
    }

    @Test func orderDoneComesOnceOnTheLastPizzaWhateverTheRepeats() async {
        let book = OrderBook(inFlight: 2, lineCapacity: 2)
        let started = await book.start(size: 2, at: 0)
        _ = await book.dispatchNext(at: 0)
        _ = await book.dispatchNext(at: 0)
        let one = PizzaDone(orderId: started.orderId, orderSize: 2, pizzaId: 1_001, endTimestamp: 1)
        #expect(await book.pizzaDone(one) == nil)
        #expect(await book.pizzaDone(one) == nil, "a repeat of the first pizza does not finish the order")
        let two = PizzaDone(orderId: started.orderId, orderSize: 2, pizzaId: 1_002, endTimestamp: 2)
        #expect(await book.pizzaDone(two)?.orderId == started.orderId)
        await book.markDone(started.orderId)
        #expect(await book.pizzaDone(two) == nil, "order-done is written once")
    }

    @Test func aLowMachinePausesUntilTheRestockArrives() async throws {
        let requested = RequestLog()
        let stock = IngredientStock(units: 12, restockUnits: 20) { units in await requested.add(units) }
        await stock.take()
        await stock.take()  // 10 left: at the threshold, a restock is asked for
        #expect(await requested.all == [20])
        let taker = Task { await stock.take() }
        try await Task.sleep(for: .milliseconds(100))
        #expect(await stock.snapshot.units == 10, "paused: nothing taken while the restock is pending")
        await stock.refill(20)
        await taker.value
        let snapshot = await stock.snapshot
        #expect(snapshot.units == 29)
        #expect(snapshot.lowest == 10, "the lowest level was the one the line paused at")
        #expect(snapshot.restockRequests == 1 && snapshot.restocksReceived == 1)
    }

    @Test func thePackagingRobotBoxesAPizzaOnce() async throws {
        let ledger = try PackagingLedger(store: .memory)
        #expect(try await ledger.package(pizzaId: 7, orderId: 1, at: 1))
        #expect(try await !ledger.package(pizzaId: 7, orderId: 1, at: 2))
        #expect(try await ledger.counts() == .init(packaged: 1, repeats: 1))
    }

    @Test func theLatencyTablesJoinStartAndEnd() async throws {
        let store = try LatencyStore(store: .memory)
        try await store.orderStarted(OrderStarted(orderId: 1, orderSize: 1, startTimestamp: 1_000))
        var pizza = PizzaMessage(pizzaId: 1_001, orderId: 1, orderSize: 1, startTimestamp: 1_000, frozen: false)
        pizza.dispatchTimestamp = 1_010
        try await store.pizzaDispatched(pizza)
        try await store.stageDone(.doughMachine, StepDone(pizzaId: 1_001, orderId: 1, doneTimestamp: 1_050))
        try await store.stageDone(.doughShaper, StepDone(pizzaId: 1_001, orderId: 1, doneTimestamp: 1_080))
        try await store.pizzaDone(PizzaDone(orderId: 1, orderSize: 1, pizzaId: 1_001, endTimestamp: 1_500))
        try await store.orderDone(OrderDone(orderId: 1, endTimestamp: 1_600))
        let orders = try await store.rows(of: .orderLatency, limit: 10).map { $0.map(LatencyRoutes.Cell.init) }
        #expect(orders == [[.integer(1), .integer(1), .integer(1_000), .integer(1_600), .integer(600)]])
        let pizzas = try await store.rows(of: .pizzaLatency, limit: 10).map { $0.map(LatencyRoutes.Cell.init) }
        #expect(pizzas == [[.integer(1_001), .integer(1), .integer(1_000), .integer(1_500), .integer(500)]])
        let stages = try await store.rows(of: .stageLatency, limit: 10).map { $0.map(LatencyRoutes.Cell.init) }
        #expect(stages.map { $0[4] } == [.integer(40), .integer(30)], "dough: since dispatch; shaper: since dough")
        #expect(try await store.orderDoneRecords() == [1: 1])
    }
}

actor RequestLog {
    var all: [Int] = []
    func add(_ units: Int) { all.append(units) }
}
