import LabKit

/// Small stocks: every machine runs low during one order, asks the goods
/// provider, pauses until the delivery, and resumes; nothing is lost and no
/// stock goes below zero.
public struct RestockScenario: Scenario {
    public let name = "restocking"
    public let title = "small stocks: restock requests and pauses on the timeline, nothing lost, stock never below 0"

    public init() {}

    public func run(in lab: PizzaLineLab, progress: ProgressLog) async throws -> ScenarioResult {
        var result = ScenarioResult(name: name, title: title)
        var before: [Machine: IngredientStock.Snapshot] = [:]
        for machine in Machine.allCases { before[machine] = try await lab.status(of: machine).stock }
        let packagedBefore = try await lab.status(of: .packagingMachine).packaging?.packaged ?? 0
        let size = lab.options.units + 20
        progress.say(
            "each machine holds \(lab.options.units) units at start and asks for \(lab.options.restockUnits) at ≤ 10; POST /start-order/\(size)"
        )
        let answer = await lab.startOrder(size)
        guard answer.status == 202, let started = answer.decode(OrderStarted.self) else {
            result.check("order accepted", false, answer.outcome)
            return result
        }
        let done = try await lab.awaitDone([started.orderId], upTo: .seconds(180))
        result.check("the order completes", done, done ? "order-done written" : "not done")
        var rows: [[String]] = []
        var pauses: [Machine: [[Int64]]] = [:]
        var everyMachineRestocked = true
        var answered = true
        var neverNegative = true
        for machine in Machine.allCases {
            let now = try await lab.status(of: machine).stock
            let then = before[machine]!
            let requests = now.restockRequests - then.restockRequests
            pauses[machine] = now.pauses
            // The freezer sees only the frozen pizzas: it may not run low in one order.
            if machine != .freezerMachine, requests == 0 { everyMachineRestocked = false }
            if now.restockRequests != now.restocksReceived, !now.restocking { answered = false }
            if now.lowest < 0 { neverNegative = false }
            rows.append([
                machine.rawValue, "\(requests)", "\(now.restocksReceived - then.restocksReceived)",
                Format.decimal(now.pausedSeconds - then.pausedSeconds, places: 2), "\(now.lowest)", "\(now.units)",
            ])
        }
        result.check("every machine (but the freezer) asked for a restock", everyMachineRestocked, "see the table")
        result.check("every restock request was delivered", answered, "requests = deliveries on each machine")
        result.check("no stock went below zero", neverNegative, "lowest stock per machine in the table")
        let packaged = (try await lab.status(of: .packagingMachine).packaging?.packaged ?? 0) - packagedBefore
        result.check("nothing lost: every pizza packaged once", packaged == size, "\(packaged) of \(size) boxed")
        result.tables.append(
            ScenarioResult.Table(
                title: "restocking per machine during the order",
                header: ["machine", "restock requests", "deliveries", "paused (s)", "lowest stock", "stock now"],
                rows: rows))
        let reading = try await LineReading.read(lab)
        result.charts.append(
            LineCharts.timeline(
                fileName: "timeline-restocking", title: "Pizza line: \(size) pizzas with small stocks",
                subtitle: [
                    "one dot per pizza per stage finished; red: the machine waiting for the goods provider (\(lab.options.deliveryMilliseconds) ms per delivery)"
                ], stages: reading.stageDone(of: [started.orderId]), pauses: pauses))
        return result
    }
}
