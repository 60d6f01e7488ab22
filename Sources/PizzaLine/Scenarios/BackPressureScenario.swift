import Faults
import Foundation
import LabKit

/// A slow oven (ten times its time): the backlog forms in front of the oven
/// and nowhere grows past the line's capacity, and dispatch slows to the
/// oven's pace instead of the dough machine's.
public struct BackPressureScenario: Scenario {
    public let name = "back-pressure"
    public let title = "a 10× slower oven: every backlog stays bounded, dispatch follows the slowest stage"

    public init() {}

    public func run(in lab: PizzaLineLab, progress: ProgressLog) async throws -> ScenarioResult {
        var result = ScenarioResult(name: name, title: title)
        let machineMs = lab.options.processingMilliseconds
        let ovenMs = machineMs * 10
        try await lab.client.setFaults(.delay(milliseconds: ovenMs - machineMs), at: lab.url(of: .ovenMachine))
        progress.say("oven slowed to \(ovenMs) ms per pizza; POST /start-order/30")
        let answer = await lab.startOrder(30)
        guard answer.status == 202, let started = answer.decode(OrderStarted.self) else {
            result.check("order accepted", false, answer.outcome)
            return result
        }
        let clock = ContinuousClock()
        let start = clock.now
        var samples: [(seconds: Double, backlog: [Machine: Int64], dispatched: Int)] = []
        var done = false
        while clock.now - start < .seconds(120) {
            let backlog = try await lab.backlog()
            let order = try await lab.orders().first { $0.orderId == started.orderId }
            samples.append(((clock.now - start).seconds, backlog, order?.dispatched ?? 0))
            if order?.done == true {
                done = true
                break
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        try await lab.client.setFaults(.none, at: lab.url(of: .ovenMachine))
        result.check("the order completes", done, "after \(Format.decimal(samples.last?.seconds ?? 0, places: 1)) s")

        let capacity = Int64(lab.options.lineCapacity)
        let peaks = Dictionary(
            uniqueKeysWithValues: Machine.allCases.map { machine in
                (machine, samples.map { $0.backlog[machine] ?? 0 }.max() ?? 0)
            })
        let worst = peaks.max { $0.value < $1.value }
        result.check(
            "every stage's backlog stays within the line's capacity (\(capacity))",
            peaks.values.allSatisfy { $0 <= capacity },
            Machine.allCases.map { "\($0.short) \(peaks[$0] ?? 0)" }.joined(separator: ", "))
        result.check(
            "the backlog forms in front of the slow oven",
            worst?.key == .ovenMachine && (peaks[.ovenMachine] ?? 0) >= 2,
            "largest backlog: \(worst.map { "\($0.key.short) \($0.value)" } ?? "none")")

        // Dispatch pace over the middle of the run, once the line is full.
        let middle = samples.filter { $0.dispatched >= Int(capacity) && $0.dispatched < 30 }
        if let first = middle.first, let last = middle.last, last.seconds > first.seconds {
            let pace = Double(last.dispatched - first.dispatched) / (last.seconds - first.seconds)
            let ovenPace = 1000 / Double(ovenMs)
            let doughPace = 1000 / Double(machineMs)
            result.figure("dispatch pace with the line full", pace, unit: "pizzas/s")
            result.figure("the oven's pace (1 / its time)", ovenPace, unit: "pizzas/s")
            result.check(
                "dispatch follows the oven, not the dough machine", pace <= ovenPace * 1.5,
                "\(Format.decimal(pace, places: 2)) pizzas/s dispatched; oven \(Format.decimal(ovenPace, places: 1))/s, dough machine \(Format.decimal(doughPace, places: 0))/s"
            )
        } else {
            result.check(
                "dispatch follows the oven, not the dough machine", false, "too few samples with the line full")
        }
        result.figure("largest oven backlog", Double(peaks[.ovenMachine] ?? 0), unit: "pizzas")

        let colors: [Chart.Color] = [.blue, .orange, .green, .purple, .red, .gray]
        result.charts.append(
            Chart(
                fileName: "stage-backlog", title: "Pizza line: backlog of each stage, with a 10× slower oven",
                measured:
                    "messages waiting in each machine's topic (its group's lag), sampled every 100 ms; line capacity \(capacity)",
                xLabel: "seconds since the order", yLabel: "pizzas waiting",
                content: .series(
                    Machine.allCases.filter { (peaks[$0] ?? 0) > 0 || $0 == .ovenMachine }.map { machine in
                        Chart.Series(
                            name: machine.short,
                            points: samples.map { Chart.Point($0.seconds, Double($0.backlog[machine] ?? 0)) },
                            color: colors[machine.index % colors.count])
                    })))
        let reading = try await LineReading.read(lab)
        var pauses: [Machine: [[Int64]]] = [:]
        for machine in Machine.allCases { pauses[machine] = try await lab.status(of: machine).stock.pauses }
        result.charts.append(
            LineCharts.timeline(
                fileName: "timeline-slow-oven", title: "Pizza line: 30 pizzas through the nine stages, slow oven",
                subtitle: [
                    "one dot per pizza per stage finished; red: a machine paused for a restock; oven \(ovenMs) ms, others \(machineMs) ms"
                ], stages: reading.stageDone(of: [started.orderId]), pauses: pauses))
        return result
    }
}
