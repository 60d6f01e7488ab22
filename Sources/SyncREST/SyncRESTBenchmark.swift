import AsyncHTTPClient
import Foundation
import LabKit
import OrderWorkload
import OrderDomain

/// Part A's benchmark: sequential latency (one client, closed loop),
/// throughput under `wrk`, and latency at a fixed offered rate (open loop,
/// timed from each request's intended start).
public struct SyncRESTBenchmark: Sendable {
    public var partRun: PartRun
    public var sequentialOrders = 5_000
    public var wrkConnections = 16
    public var wrkDuration: Duration = .seconds(10)
    public var openLoopRate: Double = 1_000
    public var openLoopDuration: Duration = .seconds(10)

    public struct Report: Codable, Sendable {
        public var machine: MachineDescription
        public var sequential: LatencySummary
        public var sequentialOrdersPerSecond: Double
        /// Sequential latency of single hops, to show where an order's time goes.
        public var hops: [String: LatencySummary]
        public var wrk: WrkReport?
        /// CPU time each service used per order during the wrk phase, in µs.
        public var cpuMicrosecondsPerOrder: [String: Double]
        public var openLoop: LoadReport
        public var consistent: Bool
        /// wrk on `GET /health` of the order service: HTTP with no work, the ceiling of the wrk figure.
        public var wrkHealth: WrkReport?
        public var sweep: [RateSweep.Point]

        enum CodingKeys: String, CodingKey {
            case machine, sequential, wrk, consistent, hops, sweep
            case wrkHealth = "wrk_health"
            case sequentialOrdersPerSecond = "sequential_orders_per_s"
            case cpuMicrosecondsPerOrder = "cpu_us_per_order"
            case openLoop = "open_loop"
        }
    }

    public func run() async throws -> Report {
        try await partRun.withComparedLab(SyncRESTLab.self, stock: .benchmark, connectionsPerHost: 256) { lab in
            try await measure(lab, progress: partRun.progress)
        }
    }

    private func measure(_ lab: SyncRESTLab, progress: ProgressLog) async throws -> Report {
        progress.say("single hops, sequential, \(sequentialOrders) each:")
        let hops = await measureHops(lab, count: sequentialOrders)
        for (name, summary) in hops.sorted(by: { $0.key < $1.key }) {
            progress.say("  \(name): \(summary.oneLine)")
        }

        let stockBefore = try await lab.stock()["pizza"] ?? 0
        let notifiedBefore = try await lab.notificationCount()

        progress.say("warm-up: 500 orders")
        _ = await ClosedLoopLoad(concurrency: 4, total: 500).run { _ in await lab.placeOrder() }

        progress.say("sequential: \(sequentialOrders) orders, one client, closed loop")
        let (sequential, _) = await ClosedLoopLoad(concurrency: 1, total: sequentialOrders).run { _ in
            await lab.placeOrder()
        }
        progress.say(
            "  \(sequential.latency.oneLine), \(Format.decimal(sequential.throughputPerSecond, places: 0)) orders/s")

        var wrk: WrkReport?
        var wrkHealth: WrkReport?
        var cpuPerOrder: [String: Double] = [:]
        if WrkLoad.executable != nil {
            let services = [("order", lab.order), ("inventory", lab.inventory), ("notification", lab.notification)]
            var cpuBefore: [String: Double] = [:]
            for (name, process) in services {
                if let pid = await process.pid { cpuBefore[name] = ProcessCPUTime.seconds(pid: pid) }
            }
            let confirmedBefore = try await lab.notificationCount()
            progress.say("throughput: wrk, \(wrkConnections) connections, \(Int(wrkDuration.seconds)) s")
            let body = #"{"user_id":"bench","item":"pizza","quantity":1}"#
            let load = WrkLoad(
                url: lab.orderURL + "/order", body: body, connections: wrkConnections, threads: 2, duration: wrkDuration
            )
            let report = try await load.run(scratchDirectory: lab.workDirectory)
            let confirmedDuring = try await lab.notificationCount() - confirmedBefore
            for (name, process) in services {
                guard let pid = await process.pid, let after = ProcessCPUTime.seconds(pid: pid),
                    let before = cpuBefore[name], confirmedDuring > 0
                else { continue }
                cpuPerOrder[name] = (after - before) * 1e6 / Double(confirmedDuring)
            }
            progress.say(
                "  \(Format.decimal(report.requestsPerSecond, places: 0)) orders/s, non-2xx \(report.non2xx), "
                    + "p50 \(report.latencyPercentiles["50"].map(Format.milliseconds) ?? "?"), "
                    + "p99 \(report.latencyPercentiles["99"].map(Format.milliseconds) ?? "?")")
            progress.say(
                "  CPU per order: "
                    + cpuPerOrder.sorted { $0.key < $1.key }.map { "\($0.key) \(Int($0.value)) µs" }
                    .joined(separator: ", ")
                    + " (\(ProcessInfo.processInfo.activeProcessorCount) cores shared with wrk)")
            wrk = report
            progress.say(
                "ceiling: wrk on GET /health of the order service (HTTP, no work), \(wrkConnections) connections")
            wrkHealth = try await WrkLoad(
                url: lab.orderURL + "/health", body: "", connections: wrkConnections, threads: 2,
                duration: .seconds(5), method: "GET"
            ).run(scratchDirectory: lab.workDirectory)
            if let wrkHealth {
                progress.say(
                    "  \(Format.decimal(wrkHealth.requestsPerSecond, places: 0)) requests/s; orders ran at "
                        + "\(Format.decimal(100 * report.requestsPerSecond / wrkHealth.requestsPerSecond, places: 0)) % of it"
                )
            }
        } else {
            progress.say("wrk not installed: throughput skipped (scripts/install-deps.sh installs it)")
        }

        progress.say(
            "open loop: \(Int(openLoopRate)) orders/s offered for \(Int(openLoopDuration.seconds)) s, latency from intended start"
        )
        let openLoop = await OpenLoopLoad(ratePerSecond: openLoopRate, duration: openLoopDuration).run { _ in
            await lab.placeOrder()
        }
        progress.say(
            "  \(openLoop.latency.oneLine), achieved \(Format.decimal(openLoop.throughputPerSecond, places: 0))/s, outcomes \(openLoop.outcomes)"
        )

        // Counted server-side: wrk stops with requests in flight that the
        // services complete but wrk never counts.
        let stockAfter = try await lab.stock()["pizza"] ?? 0
        let confirmed = try await lab.notificationCount() - notifiedBefore
        let consistent = stockBefore - stockAfter == confirmed
        progress.say(
            "consistency: stock fell by \(stockBefore - stockAfter), \(confirmed) orders confirmed → "
                + (consistent ? "OK" : "MISMATCH"))
        progress.say("latency against offered rate: POST /order (201 once inventory and notification answered)")
        let sweep = await RateSweep().run(progress: progress, succeeded: { $0 == "201" }) { _ in
            await lab.placeOrder()
        }
        let report = Report(
            machine: .current(), sequential: sequential.latency,
            sequentialOrdersPerSecond: sequential.throughputPerSecond, hops: hops, wrk: wrk,
            cpuMicrosecondsPerOrder: cpuPerOrder, openLoop: openLoop,
            consistent: consistent, wrkHealth: wrkHealth, sweep: sweep)
        try partRun.evidence(part: SyncRESTPart.name).writeJSON(report, named: "benchmark")
        try summary(report).write(root: partRun.root)
        return report
    }

    /// The headline figures against the issue's targets. An order is three HTTP round trips (client → order →
    /// inventory, → notification), so three bare round trips are its latency floor.
    func summary(_ report: Report) -> BenchmarkSummary {
        var figures: [BenchmarkFigure] = []
        if let wrk = report.wrk {
            figures.append(
                BenchmarkFigure(
                    name: "orders, wrk \(wrkConnections) connections", value: wrk.requestsPerSecond, unit: "orders/s",
                    ceilingName: "wrk on GET /health", ceiling: report.wrkHealth?.requestsPerSecond,
                    target: "≥ 4,000/s", met: wrk.requestsPerSecond >= 4_000))
        }
        let floor = report.hops.first { $0.key.contains("GET /health") }.map { 3 * $0.value.p50Milliseconds }
        figures.append(
            BenchmarkFigure(
                name: "one order, sequential, p50", value: report.sequential.p50Milliseconds, unit: "ms",
                ceilingName: "three bare HTTP round trips, p50", ceiling: floor, target: "≤ 1.0 ms",
                met: report.sequential.p50Milliseconds <= 1.0))
        if let order = report.cpuMicrosecondsPerOrder["order"] {
            figures.append(BenchmarkFigure(name: "order service CPU per order, wrk phase", value: order, unit: "µs"))
        }
        figures += RateSweep.figures(report.sweep)
        return BenchmarkSummary(
            part: SyncRESTPart.name, model: "A: sync REST", machine: report.machine, figures: figures,
            sweep: report.sweep, versions: [:])
    }

    /// The pieces of an order, each timed alone from the lab's client: an
    /// HTTP round trip that does no work, a reservation (HTTP + one SQLite
    /// transaction), a notification (HTTP + one SQLite insert).
    private func measureHops(_ lab: SyncRESTLab, count: Int) async -> [String: LatencySummary] {
        let client = lab.client
        let inventory = lab.inventoryURL
        let notification = lab.notificationURL
        let loopback = await ClosedLoopLoad(concurrency: 1, total: count).run { _ in
            await client.send(.GET, inventory + "/health")
        }
        let reserve = await ClosedLoopLoad(concurrency: 1, total: count).run { index in
            await client.postJSON(
                inventory + "/reserve",
                ReserveRequest(orderID: "hop-\(index)", items: [ItemQuantity(itemID: "pizza", quantity: 1)]))
        }
        let send = await ClosedLoopLoad(concurrency: 1, total: count).run { index in
            await client.postJSON(
                notification + "/send", Notification(orderID: "hop-\(index)", userID: "bench", message: "hop"))
        }
        // Give the reserved stock back so the consistency check only sees orders.
        _ = await ClosedLoopLoad(concurrency: 8, total: count).run { index in
            await client.postJSON(inventory + "/release", ReleaseRequest(orderID: "hop-\(index)"))
        }
        return [
            "1 GET /health (HTTP round trip, no work)": loopback.0.latency,
            "2 POST /reserve (HTTP + SQLite transaction)": reserve.0.latency,
            "3 POST /send (HTTP + SQLite insert)": send.0.latency,
        ]
    }

}
