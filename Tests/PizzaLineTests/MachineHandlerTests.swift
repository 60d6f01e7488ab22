import Foundation
import Logging
import Messaging
import Testing

@testable import PizzaLine

/// One machine on its own: what it hands on, what it dead-letters, and what a redelivery does.
@Suite struct MachineHandlerTests {
    let topics = PizzaTopics(prefix: "t.")

    func handler(_ machine: Machine, publisher: RecordingPublisher, packaging: PackagingLedger? = nil)
        -> MachineHandler
    {
        MachineHandler(
            machine: machine, topics: topics, publisher: publisher,
            stock: IngredientStock(units: 100, restockUnits: 50) { _ in }, processingTime: .zero,
            packaging: packaging, stats: ConsumerStats(), logger: Logger(label: "t"))
    }

    func delivery(_ pizza: PizzaMessage, offset: Int64 = 0) -> InboundMessage {
        InboundMessage(
            source: topics.stage(.doughMachine), position: MessagePosition(partition: 0, offset: offset),
            body: PizzaJSON.bytes(pizza))
    }

    let pizza = PizzaMessage(pizzaId: 1001, orderId: 1, orderSize: 1, startTimestamp: 1, frozen: false)

    @Test func aMachineHandsThePizzaOnAndSaysItIsDone() async {
        let publisher = RecordingPublisher()
        #expect(await handler(.doughMachine, publisher: publisher).handle(delivery(pizza)) == .ack)
        let destinations = publisher.sent.withLock { $0.map(\.destination) }
        #expect(destinations == ["t.dough-shaper", "t.dough-machine-done"])
    }

    @Test func anUnreadablePizzaIsDeadLetteredNamingTheMachine() async {
        let message = InboundMessage(
            source: topics.stage(.doughMachine), position: MessagePosition(partition: 0, offset: 0),
            body: Array("{oops".utf8))
        let disposition = await handler(.doughMachine, publisher: RecordingPublisher()).handle(message)
        guard case .deadLetter(let reason) = disposition else {
            Issue.record("expected a dead letter, got \(disposition)")
            return
        }
        #expect(reason.hasPrefix("dough-machine:"))
    }

    @Test func aHandOnThatFailsIsRetried() async {
        let disposition = await handler(.doughMachine, publisher: RecordingPublisher(failures: 1)).handle(
            delivery(pizza))
        guard case .retry = disposition else {
            Issue.record("expected a retry, got \(disposition)")
            return
        }
    }

    @Test func thePackagingRobotBoxesOnceAndSaysDoneAgainOnARedelivery() async throws {
        let ledger = try PackagingLedger(store: .memory)
        let publisher = RecordingPublisher()
        let packaging = handler(.packagingMachine, publisher: publisher, packaging: ledger)
        #expect(await packaging.handle(delivery(pizza)) == .ack)
        #expect(await packaging.handle(delivery(pizza, offset: 0)) == .ack)
        #expect(try await ledger.counts() == .init(packaged: 1, repeats: 1))
        let pizzaDone = publisher.sent.withLock { $0.filter { $0.destination == topics.pizzaDone } }
        #expect(pizzaDone.count == 2, "pizza-done said again, so order processing hears of it")
    }
}
