import LabKit

/// What the scenarios read back about orders from the latency tables.
struct LineReading {
    let pizzas: LatencyRoutes.TableAnswer
    let orders: LatencyRoutes.TableAnswer
    let stages: LatencyRoutes.TableAnswer

    static func read(_ lab: PizzaLineLab) async throws -> LineReading {
        LineReading(
            pizzas: try await lab.table(.pizzaLatency), orders: try await lab.table(.orderLatency),
            stages: try await lab.table(.stageLatency))
    }

    /// Pizza rows of `orderId`: (pizzaId, latency ms or nil).
    func pizzas(of orderId: Int) -> [(pizzaId: Int, latency: Int64?)] {
        pizzas.rows.compactMap { row in
            guard case .integer(let order) = row[1], order == Int64(orderId), case .integer(let id) = row[0] else {
                return nil
            }
            if case .integer(let latency) = row[4] { return (Int(id), latency) }
            return (Int(id), nil)
        }
    }

    func orderLatency(_ orderId: Int) -> Int64? {
        for row in orders.rows {
            if case .integer(let order) = row[0], order == Int64(orderId), case .integer(let latency) = row[4] {
                return latency
            }
        }
        return nil
    }

    /// (pizzaId, machine, done ms) of the stage rows of `orderIds`.
    func stageDone(of orderIds: Set<Int>) -> [(pizzaId: Int, machine: Machine, done: Int64)] {
        stages.rows.compactMap { row in
            guard case .integer(let id) = row[0], case .integer(let order) = row[1], orderIds.contains(Int(order)),
                case .text(let name) = row[2], let machine = Machine(rawValue: name), case .integer(let done) = row[3]
            else { return nil }
            return (Int(id), machine, done)
        }
    }
}

extension Machine {
    /// A short label for chart rows.
    var short: String {
        rawValue.replacingOccurrences(of: "-machine", with: "").replacingOccurrences(of: "-", with: " ")
    }
}

enum LineCharts {
    /// Dots per pizza per stage over time, one row per stage, and the restock pauses beside the rows.
    static func timeline(
        fileName: String, title: String, subtitle: [String], stages: [(pizzaId: Int, machine: Machine, done: Int64)],
        pauses: [Machine: [[Int64]]]
    ) -> Chart {
        let origin = stages.map(\.done).min() ?? 0
        var series: [Chart.Series] = []
        // Red is kept for the restock pauses.
        let colors: [Chart.Color] = [.blue, .orange, .green, .purple, .gray]
        for machine in Machine.allCases {
            let points = stages.filter { $0.machine == machine }.map {
                Chart.Point(Double($0.done - origin) / 1000, Double(machine.index + 1))
            }
            guard !points.isEmpty else { continue }
            series.append(
                Chart.Series(
                    name: "\(machine.index + 1) \(machine.short)", points: points,
                    color: colors[machine.index % colors.count], dotsOnly: true))
        }
        var pausePoints: [Chart.Point] = []
        let end = stages.map(\.done).max() ?? origin
        for (machine, spans) in pauses {
            for span in spans where span.count == 2 && span[1] >= origin && span[0] <= end {
                var t = max(span[0], origin)
                while t <= min(span[1], end) {
                    pausePoints.append(Chart.Point(Double(t - origin) / 1000, Double(machine.index + 1) + 0.3))
                    t += 20
                }
            }
        }
        if !pausePoints.isEmpty {
            series.append(Chart.Series(name: "restock pause", points: pausePoints, color: .red, dotsOnly: true))
        }
        return Chart(
            fileName: fileName, title: title, subtitle: subtitle,
            xLabel: "seconds since the first stage finished", yLabel: "stage (1 dough … 9 packaging)",
            content: .series(series))
    }
}
