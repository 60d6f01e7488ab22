import Foundation
import LabKit

/// The seed's three orders — 10, 50 and 100 pizzas — one after another:
/// every pizza and every order completes exactly once; latency tables and
/// their exports agree.
public struct OrdersScenario: Scenario {
    public let name = "orders"
    public let title = "orders of 10, 50 and 100 pizzas: each completes once; latency percentiles; JSON = CSV"

    public init() {}

    public func run(in lab: PizzaLineLab, progress: ProgressLog) async throws -> ScenarioResult {
        var result = ScenarioResult(name: name, title: title)
        let packagingBefore = try await lab.status(of: .packagingMachine).packaging
        var orders: [(size: Int, id: Int, seconds: Double)] = []
        let clock = ContinuousClock()
        for size in [10, 50, 100] {
            progress.say("POST /start-order/\(size)")
            let start = clock.now
            let answer = await lab.startOrder(size)
            guard answer.status == 202, let started = answer.decode(OrderStarted.self) else {
                result.check("order of \(size) accepted", false, answer.outcome + " " + answer.bodyText)
                return result
            }
            let done = try await lab.awaitDone([started.orderId], upTo: .seconds(Double(size) * 2 + 60))
            let seconds = (clock.now - start).seconds
            result.check(
                "order of \(size) done", done,
                done ? "order-done after \(Format.decimal(seconds, places: 2)) s" : "not done")
            orders.append((size, started.orderId, seconds))
            result.figure("order of \(size): pizzas per second", Double(size) / seconds, unit: "pizzas/s")
        }
        // The last pizza-done reaches the latency table a moment after order processing saw it.
        _ = try await poll(upTo: .seconds(10), every: .milliseconds(200)) {
            let reading = try await LineReading.read(lab)
            return orders.allSatisfy { order in
                reading.pizzas(of: order.id).filter { $0.latency != nil }.count == order.size
            }
        }
        let reading = try await LineReading.read(lab)
        let records = try await lab.orderDoneRecords()
        var series: [Chart.Series] = []
        let colors: [Chart.Color] = [.blue, .orange, .green]
        for (index, order) in orders.enumerated() {
            let pizzas = reading.pizzas(of: order.id)
            let finished = pizzas.compactMap(\.latency)
            let unique = Set(pizzas.map(\.pizzaId)).count
            result.check(
                "order of \(order.size): every pizza packaged once",
                unique == order.size && finished.count == order.size,
                "\(finished.count) of \(order.size) pizzas with an end time, \(unique) distinct ids")
            result.check(
                "order of \(order.size): one order-done", records[order.id] == 1,
                "\(records[order.id] ?? 0) order-done records")
            var recorder = LatencyRecorder()
            for latency in finished { recorder.record(microseconds: latency * 1000) }
            result.latency(
                "pizza latency, order of \(order.size) (from the order's start, as the seed)", recorder.summary)
            if let latency = reading.orderLatency(order.id) {
                result.figure("order of \(order.size): order latency", Double(latency), unit: "ms")
            }
            series.append(
                Chart.Series(
                    name: "order of \(order.size)",
                    points: pizzas.compactMap { pizza in
                        pizza.latency.map { Chart.Point(Double(pizza.pizzaId % 1_000), Double($0)) }
                    }.sorted { $0.x < $1.x }, color: colors[index]))
        }
        let packagingAfter = try await lab.status(of: .packagingMachine).packaging
        let packaged = (packagingAfter?.packaged ?? 0) - (packagingBefore?.packaged ?? 0)
        let repeats = (packagingAfter?.repeats ?? 0) - (packagingBefore?.repeats ?? 0)
        result.check(
            "the packaging robot boxed 160 pizzas, none twice", packaged == 160,
            "\(packaged) boxed, \(repeats) repeats recognised")

        for table in [LatencyStore.Table.orderLatency, .pizzaLatency, .stageLatency] {
            let json = try await lab.table(table)
            let csv = await lab.csv(table)
            let lines = csv.bodyText.split(separator: "\n").map(String.init)
            let jsonLines =
                [json.columns.joined(separator: ",")] + json.rows.map { $0.map(\.csvText).joined(separator: ",") }
            result.check(
                "\(table.rawValue): the CSV download equals the JSON", csv.status == 200 && lines == jsonLines,
                "\(json.rows.count) rows in JSON, \(lines.count - 1) in CSV")
        }
        result.charts.append(
            Chart(
                fileName: "pizza-latency", title: "Pizza line: latency of each pizza, per order size",
                measured:
                    "from the order's start to pizza-done (the seed's pizza_latency); \(lab.options.processingMilliseconds) ms per machine, 1 pizza in flight to the dough machine",
                xLabel: "pizza number in its order", yLabel: "latency (ms)", content: .series(series)))
        return result
    }
}

extension LatencyRoutes.Cell {
    /// The cell as the CSV download writes it.
    var csvText: String { csv }
}
