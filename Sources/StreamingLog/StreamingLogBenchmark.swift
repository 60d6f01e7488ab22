import AsyncHTTPClient
import Foundation
import Kafka
import KafkaEngine
import LabKit
import OrderWorkload
import OrderDomain

/// Part C's benchmark, for each run size: events produced with delivery
/// confirmed, time until both groups have committed everything, the
/// analytics replay of the whole log, and the CPU each process spent per event.
public struct StreamingLogBenchmark: Sendable {
    public var partRun: PartRun
    public var sizes = [10_000, 100_000]
    public var partitions = 24

    public struct Run: Codable, Sendable {
        public var events: Int
        public var producedPerSecond: Double
        public var bothGroupsDonePerSecond: Double
        public var bothGroupsDoneSeconds: Double
        /// Orders in the log when replayed (every run so far), and how long the rebuild took.
        public var replayedOrders: Int
        public var replaySeconds: Double
        public var cpuMicrosecondsPerEvent: [String: Double]
        /// The bare broker and client on the same broker, measured just before.
        public var ceiling: KafkaCeiling.Figures

        enum CodingKeys: String, CodingKey {
            case events
            case producedPerSecond = "produced_per_s"
            case bothGroupsDonePerSecond = "both_groups_done_per_s"
            case bothGroupsDoneSeconds = "both_groups_done_s"
            case replayedOrders = "replayed_orders"
            case replaySeconds = "replay_s"
            case cpuMicrosecondsPerEvent = "cpu_us_per_event"
            case ceiling
        }
    }

    public struct Report: Codable, Sendable {
        public var machine: MachineDescription
        public var partitions: Int
        public var runs: [Run]
        public var sweep: [RateSweep.Point]
    }

    public func run() async throws -> Report {
        let progress = partRun.progress
        let options = StreamingLogLab.Options(
            .init(partRun, stock: .benchmark, engine: KafkaBroker.self), partitions: partitions)
        let (runs, sweep) = try await partRun.withFreshLab(
            start: { try await StreamingLogLab.start(options, http: $0, progress: progress) }
        ) { lab in
            var runs: [Run] = []
            for size in sizes { runs.append(try await measure(size, lab: lab, progress: progress)) }
            progress.say("latency against offered rate: POST /order on the producer service (202 once the broker acks)")
            let sweep = await RateSweep().run(progress: progress, succeeded: { $0 == "202" }) { _ in
                await lab.placeOrder()
            }
            return (runs, sweep)
        }
        let report = Report(machine: .current(), partitions: partitions, runs: runs, sweep: sweep)
        try summary(report).write(root: partRun.root)
        try partRun.evidence(part: StreamingLogPart.name).writeJSON(report, named: "benchmark")
        return report
    }

    private func measure(_ events: Int, lab: StreamingLogLab, progress: ProgressLog) async throws -> Run {
        progress.say("ceiling: \(events) bare records produced, then read by a group that only counts them")
        let ceiling = try await KafkaCeiling(
            configuration: lab.configuration, controlURL: lab.broker.controlURL, partitions: partitions
        ).measure(records: events)
        progress.say(
            "  bare producer \(Format.decimal(ceiling.producedPerSecond, places: 0))/s, bare consumer "
                + "\(Format.decimal(ceiling.consumedPerSecond, places: 0))/s")
        _ = try await lab.wait { try await lab.groupsCaughtUp() }
        let processes: [(String, Int32?)] = [
            ("broker", lab.broker.processID), ("inventory", await lab.inventory.pid),
            ("analytics", await lab.analytics.pid),
            ("lab producer (this process)", getpid()),
        ]
        let cpuBefore = ProcessCPUSample(processes)
        progress.say("\(events) events, \(partitions) partitions, 5 % failed")
        let clock = ContinuousClock()
        let start = clock.now
        let produced = await lab.appendEvents(events, failureShare: 0.05)
        guard produced.deliveryErrors == 0 else {
            throw KafkaError(
                operation: "bulk produce", code: -1, reason: "\(produced.deliveryErrors) deliveries failed")
        }
        _ = try await lab.wait(upTo: .seconds(600), every: .milliseconds(20)) { try await lab.groupsCaughtUp() }
        let done = (clock.now - start).seconds
        let cpu = cpuBefore.microsecondsPerItem(events)
        let producedRate = Double(events) / produced.seconds
        progress.say(
            "  produced \(Format.decimal(producedRate, places: 0))/s (\(Format.share(producedRate, of: ceiling.producedPerSecond)) "
                + "of the bare producer); both groups done in \(Format.decimal(done, places: 2)) s "
                + "(\(Format.decimal(Double(events) / done, places: 0)) events/s, "
                + "\(Format.share(Double(events) / done, of: ceiling.consumedPerSecond)) of the bare consumer)")
        progress.say(
            "  CPU per event: "
                + ProcessCPUSample.line(cpu))

        let total = try await lab.metrics().totalOrders
        let replayStart = clock.now
        _ = await lab.client.send(.POST, lab.analyticsURL + "/admin/replay")
        _ = try await lab.wait(upTo: .seconds(600), every: .milliseconds(25)) {
            try await lab.metrics().totalOrders >= total
        }
        let replay = (clock.now - replayStart).seconds
        progress.say(
            "  replay of \(total) orders by analytics: \(Format.decimal(replay, places: 3)) s "
                + "(\(Format.share(Double(total) / replay, of: ceiling.consumedPerSecond)) of the bare consumer's rate)"
        )
        return Run(
            events: events, producedPerSecond: producedRate, bothGroupsDonePerSecond: Double(events) / done,
            bothGroupsDoneSeconds: done, replayedOrders: total, replaySeconds: replay, cpuMicrosecondsPerEvent: cpu,
            ceiling: ceiling)
    }

    /// The headline figures of the largest run, and both groups' rate in every smaller run, against issue 24's
    /// targets (a small run's fixed costs — group fetches, lag polling — weigh more, so it has its own target).
    func summary(_ report: Report) -> BenchmarkSummary {
        var figures: [BenchmarkFigure] = []
        if let run = report.runs.max(by: { $0.events < $1.events }) {
            let events = Format.count(run.events)
            figures = [
                BenchmarkFigure(
                    name: "producer, \(events) events, every delivery confirmed", value: run.producedPerSecond,
                    unit: "events/s", ceilingName: "bare librdkafka producer", ceiling: run.ceiling.producedPerSecond,
                    target: "≥ 200,000/s", met: run.producedPerSecond >= 200_000)
            ]
            for smaller in report.runs.sorted(by: { $0.events > $1.events }) {
                let target: Double = smaller.events >= 100_000 ? 60_000 : 40_000
                figures.append(
                    BenchmarkFigure(
                        name: "both consumer groups done, \(Format.count(smaller.events)) events",
                        value: smaller.bothGroupsDonePerSecond, unit: "events/s",
                        ceilingName: "bare librdkafka consumer", ceiling: smaller.ceiling.consumedPerSecond,
                        target: "≥ \(Format.count(Int(target)))/s", met: smaller.bothGroupsDonePerSecond >= target))
            }
            figures.append(
                BenchmarkFigure(
                    name: "analytics replay of \(Format.count(run.replayedOrders)) orders", value: run.replaySeconds,
                    unit: "s", ceilingName: "bare consumer reading as many records",
                    ceiling: Double(run.replayedOrders) / run.ceiling.consumedPerSecond,
                    target: "≤ 1.5 s for 100,000", met: run.replaySeconds * 100_000 / Double(run.replayedOrders) <= 1.5)
            )
        }
        figures += RateSweep.figures(report.sweep)
        return BenchmarkSummary(
            part: StreamingLogPart.name, model: "C: Kafka log", machine: report.machine, figures: figures,
            sweep: report.sweep, versions: ["librdkafka": KafkaVersion.library])
    }
}
