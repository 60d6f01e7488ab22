import AMQP
import Foundation
import Synchronization
import LabKit
import OrderDomain
import OrderWorkload
import RabbitMQEngine

/// Part D's benchmark, as part C's: events appended with every publish
/// confirmed, the time until both readers have stored offsets at the ends of
/// their streams, the CPU each process spent per event, analytics' replay of
/// the whole log, and a latency–throughput curve of `POST /order`. Beside
/// each, the ceiling measured in the same run on the same node: a bare
/// publisher with confirms and a bare reader on a scratch stream.
public struct RabbitStreamBenchmark: Sendable {
    public var partRun: PartRun
    public var events = 20_000

    public init(partRun: PartRun) {
        self.partRun = partRun
    }

    public struct Ceiling: Codable, Sendable {
        /// Persistent messages published to a scratch stream, 2,000 confirms in flight.
        public var publishedPerSecond: Double
        /// The same records read from the first offset with a prefetch of 2,000, acked in batches.
        public var readPerSecond: Double

        enum CodingKeys: String, CodingKey {
            case publishedPerSecond = "published_per_s"
            case readPerSecond = "read_per_s"
        }
    }

    public struct Report: Codable, Sendable {
        public var machine: MachineDescription
        public var events: Int
        public var appendedPerSecond: Double
        public var readersDoneSeconds: Double
        public var readersDonePerSecond: Double
        public var replayedOrders: Int
        public var replaySeconds: Double
        /// CPU per event in the bulk run, µs, by process.
        public var cpuMicrosecondsPerEvent: [String: Double]
        public var ceiling: Ceiling
        public var sweep: [RateSweep.Point]

        enum CodingKeys: String, CodingKey {
            case machine, events, ceiling, sweep
            case appendedPerSecond = "appended_per_s"
            case readersDoneSeconds = "readers_done_s"
            case readersDonePerSecond = "readers_done_per_s"
            case replayedOrders = "replayed_orders"
            case replaySeconds = "replay_s"
            case cpuMicrosecondsPerEvent = "cpu_us_per_event"
        }
    }

    public func run() async throws -> Report {
        try await partRun.withComparedLab(RabbitStreamLab.self, stock: .benchmark) { lab in
            try await measure(lab, progress: partRun.progress)
        }
    }

    private func measure(_ lab: RabbitStreamLab, progress: ProgressLog) async throws -> Report {
        progress.say("bare broker: \(Format.count(events)) records to a scratch stream with confirms, then read back")
        let ceiling = try await bareStream(lab)
        progress.say(
            "  published \(Format.decimal(ceiling.publishedPerSecond, places: 0))/s, "
                + "read \(Format.decimal(ceiling.readPerSecond, places: 0))/s")

        progress.say("bulk: \(Format.count(events)) events appended, each confirmed, 5 % failed")
        _ = try await lab.wait { try await lab.readersCaughtUp() }
        let processes: [(String, Int32?)] = [
            ("broker (beam.smp)", lab.broker.processID), ("inventory", await lab.inventory.pid),
            ("analytics", await lab.analytics.pid), ("lab publisher (this process)", getpid()),
        ]
        let cpuBefore = ProcessCPUSample(processes)
        let before = try await lab.metrics()
        let clock = ContinuousClock()
        let start = clock.now
        let appended = try await lab.appendEvents(events, failureShare: 0.05)
        let watch = ReaderOffsetWatch()
        let caughtUp = Mutex<ContinuousClock.Instant?>(nil)
        let finished = try await lab.wait(upTo: .seconds(600), every: .milliseconds(50)) {
            guard try await lab.metrics().totalOrders - before.totalOrders >= events,
                let at = try await lab.readersCaughtUp(watching: watch)
            else { return false }
            caughtUp.withLock { $0 = at }
            return true
        }
        guard finished, let caughtUpAt = caughtUp.withLock({ $0 }) else {
            throw BenchmarkError.failed(
                "\(RabbitStreamPart.name): the readers did not reach the streams' ends in 600 s")
        }
        let done = (caughtUpAt - start).seconds
        let cpu = cpuBefore.microsecondsPerItem(events)
        let appendRate = Double(events) / appended.seconds
        let publisherShare = Format.share(appendRate, of: ceiling.publishedPerSecond)
        let readerShare = Format.share(Double(events) / done, of: ceiling.readPerSecond)
        progress.say("  appended \(Format.decimal(appendRate, places: 0))/s, \(publisherShare) of the bare publisher")
        progress.say("  both readers done in \(Format.decimal(done, places: 2)) s, \(readerShare) of the bare reader")
        progress.say("  CPU per event: \(ProcessCPUSample.line(cpu))")

        let total = try await lab.metrics().totalOrders
        let replayStart = clock.now
        guard case .success = try await lab.replay() else {
            throw BenchmarkError.replayRefused(part: RabbitStreamPart.name)
        }
        let replay = (clock.now - replayStart).seconds
        progress.say("  replay of \(total) orders by analytics: \(Format.decimal(replay, places: 3)) s")

        progress.say("latency against offered rate: POST /order (202 after the stream's confirm)")
        let sweep = await RateSweep().run(progress: progress, succeeded: { $0 == "202" }) { _ in
            await lab.placeOrder()
        }
        let report = Report(
            machine: .current(), events: events, appendedPerSecond: appendRate, readersDoneSeconds: done,
            readersDonePerSecond: Double(events) / done, replayedOrders: total, replaySeconds: replay,
            cpuMicrosecondsPerEvent: cpu, ceiling: ceiling, sweep: sweep)
        try partRun.evidence(part: RabbitStreamPart.name).writeJSON(report, named: "benchmark")
        try await summary(report).write(root: partRun.root)
        return report
    }

    /// The node alone: a scratch stream of this run's own, written with
    /// confirms as the lab appends events, then read from its first record.
    private func bareStream(_ lab: RabbitStreamLab) async throws -> Ceiling {
        let stream = "bench.raw-\(UUIDString.make().prefix(8))"
        let amqp = try await lab.amqp
        try await amqp.declareStream(stream, retention: RabbitStreamTopology.retention)
        let body = EventJSON.bytes(
            OrderPlaced(
                order: OrderRequest(userID: "bench", lines: [.init(itemID: "pizza", quantity: 1, price: 12.5)]).place())
        )
        let clock = ContinuousClock()
        let start = clock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<events {
                if index >= 2_000 { try await group.next() }
                group.addTask { try await amqp.publish(body, exchange: "", routingKey: stream) }
            }
            try await group.waitForAll()
        }
        let published = (clock.now - start).seconds
        let reader = try await AMQPConnection.connect(to: lab.endpoint)
        let readStart = clock.now
        var read = 0
        do {
            let batches = try await reader.consumeBatches(
                queue: stream, prefetch: 2_000, arguments: AMQPStreamOffset.first.consumeArguments)
            for try await batch in batches {
                try await reader.ack(deliveryTags: batch.map(\.deliveryTag))
                read += batch.count
                if read >= events { break }
            }
        } catch {
            await reader.close()
            throw error
        }
        let readSeconds = (clock.now - readStart).seconds
        await reader.close()
        _ = try await amqp.deleteQueue(stream)
        return Ceiling(publishedPerSecond: Double(events) / published, readPerSecond: Double(read) / readSeconds)
    }

    /// The headline figures beside their ceilings.
    func summary(_ report: Report) async -> BenchmarkSummary {
        let events = Format.count(report.events)
        var figures = [
            BenchmarkFigure(
                name: "appended, \(events) events, every publish confirmed", value: report.appendedPerSecond,
                unit: "events/s", ceilingName: "bare publisher on a scratch stream",
                ceiling: report.ceiling.publishedPerSecond),
            BenchmarkFigure(
                name: "both readers done, \(events) events", value: report.readersDonePerSecond, unit: "events/s",
                ceilingName: "bare reader on a scratch stream", ceiling: report.ceiling.readPerSecond,
                target: "≥ 50 % of the bare reader",
                met: report.readersDonePerSecond >= report.ceiling.readPerSecond / 2),
            BenchmarkFigure(
                name: "analytics replay of \(Format.count(report.replayedOrders)) orders", value: report.replaySeconds,
                unit: "s", ceilingName: "bare reader reading as many records",
                ceiling: Double(report.replayedOrders) / report.ceiling.readPerSecond),
        ]
        if let broker = report.cpuMicrosecondsPerEvent.first(where: { $0.key.hasPrefix("broker") })?.value {
            figures.append(BenchmarkFigure(name: "broker CPU per event, bulk run", value: broker, unit: "µs"))
        }
        figures += RateSweep.figures(report.sweep)
        return BenchmarkSummary(
            part: RabbitStreamPart.name, model: RabbitStreamPart.modelName, machine: report.machine, figures: figures,
            sweep: report.sweep, versions: await RabbitMQBroker.installedVersions())
    }
}
