import LabKit

/// The sauce machine killed (SIGKILL) in the middle of an order and started
/// again: it resumes from its committed offset; no pizza is lost, none is
/// packaged twice, the order is done once.
public struct CrashResumeScenario: Scenario {
    public let name = "crash-resume"
    public let title = "sauce machine SIGKILLed mid-order: resumes from its offset, nothing lost, nothing boxed twice"

    public init() {}

    public func run(in lab: PizzaLineLab, progress: ProgressLog) async throws -> ScenarioResult {
        var result = ScenarioResult(name: name, title: title)
        let before = try await lab.status(of: .packagingMachine).packaging ?? .init(packaged: 0, repeats: 0)
        let size = 40
        let answer = await lab.startOrder(size)
        guard answer.status == 202, let started = answer.decode(OrderStarted.self) else {
            result.check("order accepted", false, answer.outcome)
            return result
        }
        _ = try await poll(upTo: .seconds(60), every: .milliseconds(50)) {
            (try await lab.status(of: .packagingMachine).packaging?.packaged ?? 0) - before.packaged >= 10
        }
        let sauce = lab.services[Machine.sauceMachine.rawValue]
        progress.say("10 pizzas boxed: SIGKILL to the sauce machine, restart after 1 s")
        try await sauce.kill()
        try await Task.sleep(for: .seconds(1))
        try await sauce.start(http: lab.client.http)
        let done = try await lab.awaitDone([started.orderId], upTo: .seconds(120))
        result.check("the order completes after the crash", done, done ? "order-done written" : "not done in 120 s")
        // Let redelivered pizzas, were there any left, reach the packaging robot before counting.
        try await Task.sleep(for: .seconds(2))
        let after = try await lab.status(of: .packagingMachine).packaging ?? before
        let packaged = after.packaged - before.packaged
        let repeats = after.repeats - before.repeats
        result.check("every pizza packaged, none twice", packaged == size, "\(packaged) of \(size) boxed")
        result.figure(
            "pizzas delivered again after the crash, recognised by the packaging robot", Double(repeats), unit: "pizzas"
        )
        let records = try await lab.orderDoneRecords()[started.orderId] ?? 0
        result.check("one order-done for the order", records == 1, "\(records) order-done records")
        let reading = try await LineReading.read(lab)
        let pizzas = reading.pizzas(of: started.orderId)
        result.check(
            "the latency table has every pizza once, finished",
            pizzas.count == size && pizzas.allSatisfy { $0.latency != nil },
            "\(pizzas.filter { $0.latency != nil }.count) of \(size) with an end time")
        return result
    }
}
