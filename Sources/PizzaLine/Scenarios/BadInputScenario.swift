import LabKit

/// Bad orders get a clear 400; bad table names and limits too; a malformed
/// message on a stage topic goes to the dead-letter topic with its reason
/// while the line keeps running.
public struct PizzaBadInputScenario: Scenario {
    public let name = "bad-input"
    public let title =
        "bad order sizes and queries → 400 with the reason; a malformed pizza → dead letters, line keeps running"

    public init() {}

    public func run(in lab: PizzaLineLab, progress: ProgressLog) async throws -> ScenarioResult {
        var result = ScenarioResult(name: name, title: title)
        for raw in ["0", "-3", "abc", "2.5", "1000"] {
            let answer = await lab.startOrder(raw: raw)
            let code = answer.decode(ErrorBody.self)?.error
            result.check(
                "POST /start-order/\(raw) → 400 with the reason",
                answer.status == 400 && code?.code == "invalid_order_size",
                "\(answer.outcome): \(code?.message ?? answer.bodyText)")
        }
        for (query, expected) in [
            ("/latency/nope/json", "unknown_table"), ("/latency/order_latency/json?limit=-1", "invalid_limit"),
            ("/latency/pizza_latency/json?limit=many", "invalid_limit"), ("/latency/bogus/download", "unknown_table"),
        ] {
            let answer = await lab.client.send(.GET, lab.latencyURL + query)
            let code = answer.decode(ErrorBody.self)?.error
            result.check(
                "GET \(query) → 400 \(expected)", answer.status == 400 && code?.code == expected,
                "\(answer.outcome): \(code?.message ?? answer.bodyText)")
        }
        let deadBefore = try await lab.deadLetters()
        progress.say("two malformed messages on \(lab.topics.stage(.cheeseMachine)), then an order of 5")
        try await lab.produceRaw("{not a pizza", to: lab.topics.stage(.cheeseMachine))
        try await lab.produceRaw(#"{"pizzaId":"seven","orderId":1}"#, to: lab.topics.stage(.cheeseMachine))
        let answer = await lab.startOrder(5)
        guard answer.status == 202, let started = answer.decode(OrderStarted.self) else {
            result.check("order after the poison accepted", false, answer.outcome)
            return result
        }
        let done = try await lab.awaitDone([started.orderId], upTo: .seconds(60))
        result.check("the line keeps running: the next order completes", done, done ? "order-done written" : "not done")
        _ = try await poll(upTo: .seconds(10), every: .milliseconds(100)) {
            try await lab.deadLetters() - deadBefore >= 2
        }
        let dead = try await lab.deadLetters() - deadBefore
        result.check("both malformed messages dead-lettered", dead == 2, "\(dead) records in \(lab.topics.deadLetters)")
        return result
    }
}
