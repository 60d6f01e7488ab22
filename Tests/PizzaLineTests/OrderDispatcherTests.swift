import Foundation
import Logging
import Messaging
import Synchronization
import Testing

@testable import PizzaLine

/// Order processing on its own, over a publisher that records or refuses (the scenarios run it over the broker).
@Suite(.timeLimit(.minutes(1))) struct OrderDispatcherTests {
    let topics = PizzaTopics(prefix: "t.")

    /// Waits until `condition` holds or 5 s pass.
    func eventually(_ condition: () -> Bool) async throws -> Bool {
        for _ in 0..<500 {
            if condition() { return true }
            try await Task.sleep(for: .milliseconds(10))
        }
        return condition()
    }

    @Test func pizzasGoOneAtATimeAsTheDoughMachineFreesUp() async throws {
        let book = OrderBook(inFlight: 1, lineCapacity: 9)
        let publisher = RecordingPublisher()
        let dispatcher = OrderDispatcher(book: book, topics: topics, publisher: publisher, logger: Logger(label: "t"))
        let running = Task { try await dispatcher.run() }
        defer { running.cancel() }
        let started = await book.start(size: 2, at: 1)
        #expect(try await eventually { publisher.pizzaIDs.count == 1 })
        try await Task.sleep(for: .milliseconds(100))
        #expect(publisher.pizzaIDs.count == 1, "the second pizza waits for the dough machine")
        await book.doughDone(pizzaId: started.orderId * 1_000 + 1)
        #expect(try await eventually { publisher.pizzaIDs.count == 2 })
        #expect(publisher.sent.withLock { $0.allSatisfy { $0.destination == "t.dough-machine" } })
    }

    @Test func aRefusedSendIsRetriedNotLost() async throws {
        let book = OrderBook(inFlight: 1, lineCapacity: 9)
        let publisher = RecordingPublisher(failures: 2)
        let dispatcher = OrderDispatcher(book: book, topics: topics, publisher: publisher, logger: Logger(label: "t"))
        let running = Task { try await dispatcher.run() }
        defer { running.cancel() }
        let started = await book.start(size: 1, at: 1)
        #expect(try await eventually { publisher.pizzaIDs == [String(started.orderId * 1_000 + 1)] })
        #expect(await book.all.first?.dispatched == 1, "dispatched once, after two refusals")
    }
}
