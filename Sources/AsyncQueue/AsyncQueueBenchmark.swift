import AMQP
import AsyncHTTPClient
import Foundation
import Synchronization
import LabKit
import OrderWorkload
import RabbitMQEngine
import OrderDomain

/// Part B's benchmark: `POST /order` latency, end-to-end latency at a paced
/// 100 orders/s, the broker's own publish+consume rate on a scratch queue
/// (the ceiling for one hop), and a bulk run through the whole workflow with
/// the CPU each process spent per order.
public struct AsyncQueueBenchmark: Sendable {
    public var partRun: PartRun
    public var bulkOrders = 20_000
    public var sequentialPosts = 2_000
    public var pacedDuration: Duration = .seconds(10)
    public var oneConnectionDuration: Duration = .seconds(5)

    public struct Report: Codable, Sendable {
        public var machine: MachineDescription
        public var postOrder: LatencySummary
        /// `POST /order` one at a time from `wrk` (one connection): the service's latency without the lab's
        /// own HTTP client (AsyncHTTPClient) in it; nil when `wrk` is not installed.
        public var postOrderOneConnection: WrkReport?
        /// `GET /health` of the order service the same way: the HTTP round trip alone.
        public var healthOneConnection: WrkReport?
        public var paced: LatencySummary
        /// One publish at a time, waiting for each confirm: persistent vs transient.
        public var sequentialConfirmPersistent: LatencySummary
        public var sequentialConfirmTransient: LatencySummary
        public var rawPublishPerSecond: Double
        public var rawConsumePerSecond: Double
        public var bulkPublishPerSecond: Double
        public var bulkEndToEndPerSecond: Double
        public var bulkLatency: LatencySummary
        /// CPU per order in the bulk run, µs, by process (broker, inventory, notification, lab publisher).
        public var cpuMicrosecondsPerOrder: [String: Double]
        public var sweep: [RateSweep.Point]

        enum CodingKeys: String, CodingKey {
            case machine, paced, sweep
            case postOrder = "post_order"
            case postOrderOneConnection = "post_order_one_connection"
            case healthOneConnection = "health_one_connection"
            case sequentialConfirmPersistent = "sequential_confirm_persistent"
            case sequentialConfirmTransient = "sequential_confirm_transient"
            case rawPublishPerSecond = "raw_publish_per_s"
            case rawConsumePerSecond = "raw_consume_per_s"
            case bulkPublishPerSecond = "bulk_publish_per_s"
            case bulkEndToEndPerSecond = "bulk_end_to_end_per_s"
            case bulkLatency = "bulk_latency"
            case cpuMicrosecondsPerOrder = "cpu_us_per_order"
        }
    }

    public func run() async throws -> Report {
        try await partRun.withComparedLab(AsyncQueueLab.self, stock: .benchmark) { lab in
            try await measure(lab, progress: partRun.progress)
        }
    }

    private func measure(_ lab: AsyncQueueLab, progress: ProgressLog) async throws -> Report {
        progress.say("POST /order: \(sequentialPosts) sequential (202 after the broker's confirm)")
        let (posts, _) = await ClosedLoopLoad(concurrency: 1, total: sequentialPosts).run { _ in await lab.placeOrder()
        }
        progress.say("  \(posts.latency.oneLine), outcomes \(posts.outcomes)")
        try await drain(lab)
        let (postOneConnection, healthOneConnection) = try await oneConnection(lab, progress: progress)

        progress.say("paced: 100 orders/s for \(Int(pacedDuration.seconds)) s, published → notified")
        let pacedStart = Timestamp.now()
        let before = try await lab.notificationCount()
        let inventoryLogBefore = inventoryLog(lab).count
        let placed = Mutex<[String: Int64]>([:])
        let pacedLoad = await OpenLoopLoad(ratePerSecond: 100, duration: pacedDuration).run { _ in
            let event = ThroughputScenario.event()
            placed.withLock { $0[event.order.orderID] = event.timestamp.microsecondsSinceEpoch }
            return await TimedOutcome.measure(success: "confirmed") { try await lab.publish(event) }
        }
        _ = try await lab.wait { try await lab.notificationCount() >= before + pacedLoad.total }
        let paced = try await lab.notificationLatency(since: pacedStart).summary
        progress.say("  \(paced.oneLine)")
        let legs = PacedLegs(
            placed: placed.withLock { $0 }, decided: try await lab.ledgerEntries(since: pacedStart),
            notified: try await lab.completions(since: pacedStart))
        for line in legs.lines { progress.say("  " + line) }
        let slow = slowTransactions(in: lab, after: inventoryLogBefore)
        progress.say(
            "  the inventory's ledger transactions over 10 ms during the paced run: "
                + (slow.isEmpty ? "none" : slow.joined(separator: "; ")))

        progress.say("broker confirm latency: 2,000 sequential publishes each, persistent and transient")
        let (persistent, transient) = try await confirmLatency(lab)
        progress.say("  persistent: \(persistent.oneLine)")
        progress.say("  transient:  \(transient.oneLine)")

        progress.say("raw broker: \(bulkOrders) persistent messages published with confirms, then consumed with acks")
        let (rawPublish, rawConsume) = try await rawRate(lab)
        progress.say(
            "  publish \(Format.decimal(rawPublish, places: 0))/s, consume \(Format.decimal(rawConsume, places: 0))/s "
                + "(one hop; the workflow makes two)")

        progress.say("bulk: \(bulkOrders) orders through the workflow, 256 confirms in flight")
        let processes: [(String, Int32?)] = [
            ("broker (beam.smp)", lab.broker.processID), ("inventory", await lab.inventory.pid),
            ("notification", await lab.notification.pid), ("lab publisher (this process)", getpid()),
        ]
        let cpuBefore = ProcessCPUSample(processes)
        let notifiedBefore = try await lab.notificationCount()
        let bulkStart = Timestamp.now()
        let clock = ContinuousClock()
        let start = clock.now
        _ = await ClosedLoopLoad(concurrency: 256, total: bulkOrders).run { _ in
            await TimedOutcome.measure(success: "confirmed") { try await lab.publish(ThroughputScenario.event()) }
        }
        let publishSeconds = (clock.now - start).seconds
        _ = try await lab.wait(upTo: .seconds(180), every: .milliseconds(20)) {
            try await lab.notificationCount() >= notifiedBefore + bulkOrders
        }
        let bulk = try await lab.notificationLatency(since: bulkStart)
        let cpu = cpuBefore.microsecondsPerItem(bulkOrders)
        let endToEnd = Double(bulkOrders) / (Double(bulk.lastSentMicroseconds - bulkStart.microsecondsSinceEpoch) / 1e6)
        progress.say(
            "  published \(Format.decimal(Double(bulkOrders) / publishSeconds, places: 0))/s, end to end "
                + "\(Format.decimal(endToEnd, places: 0))/s, \(bulk.summary.oneLine)")
        progress.say(
            "  CPU per order: "
                + ProcessCPUSample.line(cpu))
        progress.say("latency against offered rate: POST /order (202 after the broker's confirm)")
        let sweep = await RateSweep().run(progress: progress, succeeded: { $0 == "202" }) { _ in
            await lab.placeOrder()
        }
        let report = Report(
            machine: .current(), postOrder: posts.latency, postOrderOneConnection: postOneConnection,
            healthOneConnection: healthOneConnection, paced: paced, sequentialConfirmPersistent: persistent,
            sequentialConfirmTransient: transient, rawPublishPerSecond: rawPublish,
            rawConsumePerSecond: rawConsume, bulkPublishPerSecond: Double(bulkOrders) / publishSeconds,
            bulkEndToEndPerSecond: endToEnd, bulkLatency: bulk.summary, cpuMicrosecondsPerOrder: cpu, sweep: sweep)
        try partRun.evidence(part: AsyncQueuePart.name).writeJSON(report, named: "benchmark")
        try await summary(report).write(root: partRun.root)
        return report
    }

    private func inventoryLog(_ lab: AsyncQueueLab) -> [UInt8] {
        FileManager.default.contents(atPath: "\(lab.workDirectory)/inventory.log").map(Array.init) ?? []
    }

    /// The inventory's own notes of slow ledger transactions written since `offset` of its log.
    private func slowTransactions(in lab: AsyncQueueLab, after offset: Int) -> [String] {
        let log = inventoryLog(lab)
        guard log.count > offset else { return [] }
        return String(decoding: log[offset...], as: UTF8.self).split(separator: "\n")
            .filter { $0.contains(InventoryHandler.slowTransactionNote) }
            .map { line in
                let time = line.split(separator: " ").first.map(String.init) ?? ""
                let rest = line.components(separatedBy: InventoryHandler.slowTransactionNote).last ?? ""
                return "\(time):\(rest)"
            }
    }

    /// The headline figures against the issue's targets; each order crosses the broker twice, so the raw
    /// one-hop rate halved is the most orders the broker alone could carry.
    func summary(_ report: Report) async -> BenchmarkSummary {
        let brokerOrders = min(report.rawPublishPerSecond, report.rawConsumePerSecond) / 2
        let confirm = report.sequentialConfirmPersistent.p50Milliseconds
        var figures = [
            BenchmarkFigure(
                name: "end to end, \(Format.count(bulkOrders)) orders", value: report.bulkEndToEndPerSecond,
                unit: "orders/s", ceilingName: "raw broker rate ÷ 2 hops", ceiling: brokerOrders,
                target: "≥ 9,000/s or ≥ 90 % of the ceiling",
                met: report.bulkEndToEndPerSecond >= 9_000 || report.bulkEndToEndPerSecond >= 0.9 * brokerOrders)
        ]
        if let post = report.postOrderOneConnection?.latencyPercentiles["50"] {
            figures.append(
                BenchmarkFigure(
                    name: "POST /order p50, one connection (wrk)", value: post, unit: "ms",
                    ceilingName: "one persistent confirm, p50", ceiling: confirm, target: "≤ 2 × the ceiling",
                    met: post <= 2 * confirm))
        }
        if let health = report.healthOneConnection?.latencyPercentiles["50"] {
            figures.append(BenchmarkFigure(name: "GET /health p50, one connection (wrk)", value: health, unit: "ms"))
        }
        figures += [
            BenchmarkFigure(
                name: "POST /order p50, sequential, the lab's HTTP client", value: report.postOrder.p50Milliseconds,
                unit: "ms"),
            BenchmarkFigure(
                name: "end to end p99, paced 100/s", value: report.paced.p99Milliseconds, unit: "ms",
                ceilingName: "two persistent confirms, p99",
                ceiling: 2 * report.sequentialConfirmPersistent.p99Milliseconds, target: "≤ 2 ms",
                met: report.paced.p99Milliseconds <= 2),
        ]
        if let broker = report.cpuMicrosecondsPerOrder.first(where: { $0.key.hasPrefix("broker") })?.value {
            figures.append(BenchmarkFigure(name: "broker CPU per order, bulk run", value: broker, unit: "µs"))
        }
        figures += RateSweep.figures(report.sweep)
        return BenchmarkSummary(
            part: AsyncQueuePart.name, model: "B: AMQP queue", machine: report.machine, figures: figures,
            sweep: report.sweep, versions: await RabbitMQBroker.installedVersions())
    }

    /// One hop through the broker with nothing else working: persistent
    /// messages to a durable scratch queue with confirms, then consumed and acked.
    private func rawRate(_ lab: AsyncQueueLab) async throws -> (Double, Double) {
        let queue = "bench.raw"
        try await lab.amqp.declareQueue(AMQPQueueDeclaration(name: queue))
        try await lab.amqp.purgeQueue(queue)
        let body = Array(try JSONEncoder().encode(ThroughputScenario.event()))
        let clock = ContinuousClock()
        let start = clock.now
        let amqp = try await lab.amqp
        let (published, _) = await ClosedLoopLoad(concurrency: 256, total: bulkOrders).run { index in
            await TimedOutcome.measure(success: "confirmed") {
                try await amqp.publish(
                    body, exchange: "", routingKey: queue, properties: .init(messageID: "raw-\(index)"))
            }
        }
        let publishRate = Double(published.count(of: "confirmed")) / (clock.now - start).seconds
        let consumer = try await AMQPConnection.connect(to: lab.endpoint)
        let consumeStart = clock.now
        var consumed = 0
        for try await delivery in try await consumer.consume(queue: queue, prefetch: 500) {
            try await consumer.ack(delivery)
            consumed += 1
            if consumed == bulkOrders { break }
        }
        let consumeRate = Double(consumed) / (clock.now - consumeStart).seconds
        await consumer.close()
        return (publishRate, consumeRate)
    }

    /// What one confirmed publish costs when nothing else is in flight: for a
    /// persistent message the broker confirms after writing it to disk.
    private func confirmLatency(_ lab: AsyncQueueLab) async throws -> (LatencySummary, LatencySummary) {
        let queue = "bench.confirm"
        try await lab.amqp.declareQueue(AMQPQueueDeclaration(name: queue))
        let amqp = try await lab.amqp
        var summaries: [LatencySummary] = []
        for persistent in [true, false] {
            let (report, _) = await ClosedLoopLoad(concurrency: 1, total: 2_000).run { _ in
                await TimedOutcome.measure(success: "confirmed") {
                    try await amqp.publish(
                        Array("x".utf8), exchange: "", routingKey: queue, properties: .init(persistent: persistent))
                }
            }
            summaries.append(report.latency)
            try await amqp.purgeQueue(queue)
        }
        return (summaries[0], summaries[1])
    }

    /// `POST /order` and `GET /health` one request at a time from `wrk` on one connection, the inventory
    /// and notification consumers running: what the order service adds to a confirm, with a client that
    /// costs next to nothing (the profile that found the lab's own client in the sequential figure).
    private func oneConnection(_ lab: AsyncQueueLab, progress: ProgressLog) async throws -> (WrkReport?, WrkReport?) {
        guard WrkLoad.executable != nil else {
            progress.say("wrk not installed: one-connection latency skipped (scripts/install-deps.sh installs it)")
            return (nil, nil)
        }
        let scratch = partRun.workDirectory
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        progress.say("POST /order one at a time from wrk (one connection, \(Int(oneConnectionDuration.seconds)) s)")
        let post = try await WrkLoad(
            url: lab.orderURL + "/order", body: #"{"user_id":"bench","item":"pizza","quantity":1}"#, connections: 1,
            threads: 1, duration: oneConnectionDuration
        ).run(scratchDirectory: scratch)
        guard post.non2xx == 0, post.socketErrors == 0 else {
            throw BenchmarkError.failed(
                "wrk's POST /order: \(post.non2xx) answers other than 202 and \(post.socketErrors) socket errors")
        }
        let health = try await WrkLoad(
            url: lab.orderURL + "/health", body: "", connections: 1, threads: 1, duration: .seconds(3),
            method: "GET"
        ).run(scratchDirectory: scratch)
        progress.say(
            "  POST /order p50 \(post.latencyPercentiles["50"].map(Format.milliseconds) ?? "?"), "
                + "p99 \(post.latencyPercentiles["99"].map(Format.milliseconds) ?? "?") "
                + "(\(post.requests) orders); GET /health p50 "
                + "\(health.latencyPercentiles["50"].map(Format.milliseconds) ?? "?")")
        try await drain(lab)
        return (post, health)
    }

    private func drain(_ lab: AsyncQueueLab) async throws {
        _ = try await lab.wait {
            let inventory = try await lab.depth(AsyncQueueTopology.inventoryQueue)
            let notification = try await lab.depth(AsyncQueueTopology.notificationQueue)
            return inventory == 0 && notification == 0
        }
    }

}
