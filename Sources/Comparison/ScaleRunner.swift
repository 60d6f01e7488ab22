import AsyncHTTPClient
import Faults
import Foundation
import LabKit
import Messaging
import OrderDomain
import OrderWorkload
import Synchronization

/// Brings up one model, runs the stream at each instance count (adding
/// instances between points), then the membership change, and stops it.
/// Every point is a segment of the comparison's kind — the same open-loop
/// stream, drain and per-order count — with each message's cost set on
/// every instance before it starts and cleared after its drain.
struct ScaleRunner {
    let part: any ComparablePart.Type
    let settings: ScaleSettings
    let workload: CompareWorkload
    let executable: String
    let workDirectory: String
    let environment: [String: String]
    let progress: ProgressLog

    /// After instances join or leave, a point should measure the instances, not their arrival: a group
    /// (a model with a busy limit) needs a heartbeat (3 s) and a rebalance to give newcomers partitions;
    /// a queue's new consumer is served as soon as it has subscribed.
    static func settleAfterChange(_ scaling: any ConsumerScaling) -> Duration {
        scaling.busyInstanceLimit == nil ? .seconds(2) : .seconds(8)
    }

    func run() async -> ScaleModelResult {
        let http = HTTPClientFactory.lab(connectionsPerHost: 256)
        let result = await run(http: http)
        try? await http.shutdown()
        return result
    }

    private func run(http: HTTPClient) async -> ScaleModelResult {
        var result = ScaleModelResult(model: part.modelName, part: part.name)
        let lab: any ComparedLab
        do {
            try ScratchDirectory.prepareEmpty(workDirectory)
            let orders = settings.ordersPerPoint * (settings.instances.count + 1)
            let setup = ComparedLabSetup(
                executable: executable, workDirectory: workDirectory,
                stock: StockLevels(workload.stockCovering(orders: orders)), environment: environment,
                downstreamTimeout: .milliseconds(workload.downstreamTimeoutMilliseconds),
                partitions: settings.partitions)
            lab = try await part.startCompared(setup, http: http, progress: progress)
        } catch {
            await ChildProcessRegistry.parkIfInterrupted()
            progress.say("\(part.modelName): could not start: \(error)")
            result.error = "could not start: \(error)"
            return result
        }
        guard let scaling = lab as? any ConsumerScaling else {
            let reason = lab.lacks(.consumerScaling)?.reason ?? "cannot scale its inventory"
            progress.say("\(part.modelName): n/a: \(reason)")
            result.notApplicable = reason
            await lab.stop()
            return result
        }
        result.sharing = scaling.instanceSharing
        result.busyLimit = scaling.busyInstanceLimit?.count
        result.busyLimitReason = scaling.busyInstanceLimit?.why
        do {
            for (index, instances) in settings.instances.enumerated() {
                if ChildProcessRegistry.isInterrupted { break }
                progress.say(
                    "\(part.modelName) · \(instances) inventory instance(s): \(settings.ordersPerPoint) orders at "
                        + "\(Format.figure(settings.rate))/s, \(settings.costMilliseconds) ms each")
                var point = try await runPoint(
                    lab, scaling, instances: instances, segment: index, http: http)
                if let single = result.singleInstanceRate ?? (instances == 1 ? point.completionsPerSecond : nil) {
                    let busy = min(instances, result.busyLimit ?? instances)
                    // Orders meant to fail never complete: the cap is the offered orders that can.
                    let completable = settings.rate * (1 - workload.meantToFail.share)
                    point.idealPerSecond = min(Double(busy) * single, completable)
                }
                progress.say(
                    "  \(Format.decimal(point.completionsPerSecond, places: 1)) completions/s, "
                        + "completion p99 \(Format.milliseconds(point.outcome.completionLatency.p99Milliseconds)), "
                        + "\(point.outcome.lost) lost, \(point.outcome.duplicated) duplicated, "
                        + "\(point.outcome.orderViolations) out of order, \(point.idleInstances) idle instance(s)")
                result.points.append(point)
            }
            if settings.membership, !ChildProcessRegistry.isInterrupted {
                result.membership = try await runMembership(
                    lab, scaling, segment: settings.instances.count, http: http)
            }
        } catch {
            progress.say("  could not run: \(error)")
            result.error = "\(error)"
            try? await lab.setFaultsOnEveryInventory(.none)
        }
        await lab.stop()
        return result
    }

    // MARK: a point

    private func runPoint(
        _ lab: any ComparedLab, _ scaling: any ConsumerScaling, instances: Int, segment: Int, http: HTTPClient
    ) async throws -> ScalePoint {
        if await scaling.inventoryInstances.count != instances {
            try await scaling.inventoryInstances.scale(to: instances, http: http)
            try await Task.sleep(for: Self.settleAfterChange(scaling))
        }
        try await lab.setFaultsOnEveryInventory(.delay(milliseconds: settings.costMilliseconds))
        let pids = await lab.costedProcesses
        let cpuBefore = ProcessCPUTime.total(pids)
        let statsBefore = try await instanceStats(scaling)
        let start = Timestamp.now()
        let clock = ContinuousClock()
        let began = clock.now
        let backlog = BacklogSampler(lab: lab)
        let segmentResult = try await SegmentRunner(
            lab: lab, http: http, workload: pointWorkload(busy: instances), fault: FaultWindow(kind: .baseline),
            segment: segment, progress: progress
        ).run()
        let peak = await backlog.stop()
        let wall = (clock.now - began).seconds
        let cpuAfter = ProcessCPUTime.total(pids)
        let statsAfter = try await instanceStats(scaling)
        try await lab.setFaultsOnEveryInventory(.none)
        let completions = try await lab.completions(since: start).filter {
            $0.orderID.hasPrefix(OrderStream.orderIDPrefix(segment: segment))
        }
        var received: [String: Int] = [:]
        var replayed = 0
        var redelivered = 0
        for (name, after) in statsAfter {
            let before = statsBefore[name]
            received[name] = after.received - (before?.received ?? 0)
            replayed += after.replayed - (before?.replayed ?? 0)
            redelivered += after.redelivered - (before?.redelivered ?? 0)
        }
        let outcome = ScaleOutcome(segmentResult.outcome)
        let cpu = cpuBefore.flatMap { before in cpuAfter.map { $0 - before } }
        return ScalePoint(
            instances: instances, offeredRate: settings.rate,
            completionsPerSecond: Self.rate(of: completions, from: start), idealPerSecond: nil, backlogPeak: peak,
            coresBusy: cpu.map { $0 / wall },
            cpuSecondsPer1000Orders: cpu.map { outcome.offered > 0 ? $0 / Double(outcome.offered) * 1000 : 0 },
            receivedByInstance: received, idleInstances: received.values.filter { $0 == 0 }.count,
            replayed: replayed, redelivered: redelivered, outcome: outcome, seconds: wall)
    }

    /// The comparison's workload as one point runs it: the whole stream is one baseline window, and the
    /// drain gets what `busy` instances need to work the backlog off, with room.
    private func pointWorkload(busy: Int) -> CompareWorkload {
        var point = workload
        point.rate = settings.rate
        point.phases = .init(before: 0, window: settings.seconds, after: 0)
        let drain = Double(settings.ordersPerPoint) / (settings.costCeiling * Double(busy))
        point.drainLimitSeconds = drain * 2 + 20
        point.faults = [FaultWindow(kind: .baseline)]
        return point
    }

    /// Completed orders per second from `start` to the last completion.
    static func rate(of completions: [SentNotification], from start: Timestamp) -> Double {
        guard let last = completions.map(\.sentMicroseconds).max() else { return 0 }
        let seconds = Double(last - start.microsecondsSinceEpoch) / 1e6
        return seconds > 0 ? Double(Set(completions.map(\.orderID)).count) / seconds : 0
    }

    // MARK: the membership change

    private func runMembership(
        _ lab: any ComparedLab, _ scaling: any ConsumerScaling, segment: Int, http: HTTPClient
    ) async throws -> MembershipChange {
        let startInstances = 1
        progress.say(
            "\(part.modelName) · membership: \(startInstances) instance, one added at 30 % of the stream and "
                + "SIGKILLed at 65 %")
        if await scaling.inventoryInstances.count != startInstances {
            try await scaling.inventoryInstances.scale(to: startInstances, http: http)
            try await Task.sleep(for: Self.settleAfterChange(scaling))
        }
        try await lab.setFaultsOnEveryInventory(.delay(milliseconds: settings.costMilliseconds))
        let statsBefore = try await instanceStats(scaling)
        let start = Timestamp.now()
        let clock = ContinuousClock()
        let origin = clock.now
        let changes = Task { () throws -> (events: [SegmentResult.Event], held: Int?, killed: [String: Int]) in
            var events: [SegmentResult.Event] = []
            try await Task.sleep(until: origin + .seconds(settings.seconds * 0.3), clock: clock)
            let added = try await scaling.inventoryInstances.add(http: http)
            try await lab.client.setFaults(
                .delay(milliseconds: settings.costMilliseconds), at: try await added.baseURL)
            events.append(.init(seconds: (clock.now - origin).seconds, what: "\(added.launch.name) joined"))
            try await Task.sleep(until: origin + .seconds(settings.seconds * 0.65), clock: clock)
            let newest = await scaling.inventoryInstances.all.last
            var held: Int?
            var killedStats: [String: Int] = [:]
            if let newest, let url = try? await newest.baseURL,
                let stats: ConsumerStats.Snapshot = try? await lab.client.getJSON(url + "/stats")
            {
                held =
                    stats.received - stats.reserved - stats.rejected - stats.released - stats.replayed
                    - stats.deadLettered
                killedStats[newest.launch.name] = stats.replayed
            }
            try await scaling.inventoryInstances.removeNewest(.killed)
            events.append(
                .init(seconds: (clock.now - origin).seconds, what: "\(newest?.launch.name ?? "newest") SIGKILLed"))
            return (events, held, killedStats)
        }
        let segmentResult: SegmentResult
        do {
            segmentResult = try await SegmentRunner(
                lab: lab, http: http, workload: pointWorkload(busy: startInstances),
                fault: FaultWindow(kind: .baseline), segment: segment, progress: progress
            ).run()
        } catch {
            changes.cancel()
            throw error
        }
        let (events, held, killedReplays) = try await changes.value
        let statsAfter = try await instanceStats(scaling)
        try await lab.setFaultsOnEveryInventory(.none)
        var replayed = killedReplays.values.reduce(0, +)
        var redelivered = 0
        for (name, after) in statsAfter {
            replayed += after.replayed - (statsBefore[name]?.replayed ?? 0)
            redelivered += after.redelivered - (statsBefore[name]?.redelivered ?? 0)
        }
        let times = try await lab.completions(since: start)
            .filter { $0.orderID.hasPrefix(OrderStream.orderIDPrefix(segment: segment)) }
            .map { Double($0.sentMicroseconds - start.microsecondsSinceEpoch) / 1e6 }.sorted()
        var bins = [Int](repeating: 0, count: Int(((times.last ?? 0) * 2).rounded(.up)) + 1)
        for time in times where time >= 0 { bins[Int(time * 2)] += 1 }
        let outcome = ScaleOutcome(segmentResult.outcome)
        progress.say(
            "  \(events.map { "\(Format.decimal($0.seconds, places: 1)) s \($0.what)" }.joined(separator: ", ")); "
                + "\(redelivered) redelivered, \(replayed) decided again, \(outcome.lost) lost, \(outcome.duplicated) duplicated"
        )
        return MembershipChange(
            startInstances: startInstances, events: events,
            longestGapAfterJoinSeconds: events.first.map {
                Self.longestGap(in: times, after: $0.seconds, until: events.dropFirst().first?.seconds)
            },
            longestGapAfterKillSeconds: events.dropFirst().first.map {
                Self.longestGap(in: times, after: $0.seconds, until: nil)
            },
            heldByKilled: held, replayed: replayed, redelivered: redelivered, completionsPerHalfSecond: bins,
            outcome: outcome)
    }

    /// The longest stretch without a completion from `after` until the next change or 10 s later
    /// (from `after` to the first completion counts; a stretch running into the next change counts up to
    /// it); offered above what the instances take, the backlog stays, so a stretch is a pause, not a lull.
    static func longestGap(in times: [Double], after: Double, until next: Double?) -> Double {
        // Past the last completion the backlog was worked off: nothing to wait for, so no pause.
        let end = min(after + 10, next ?? .infinity, times.last ?? after)
        var previous = after
        var longest = 0.0
        for time in times where time >= after && time <= end {
            longest = max(longest, time - previous)
            previous = time
        }
        return max(longest, end - previous)
    }

    // MARK: readings

    private func instanceStats(_ scaling: any ConsumerScaling) async throws -> [String: ConsumerStats.Snapshot] {
        var stats: [String: ConsumerStats.Snapshot] = [:]
        for instance in try await scaling.inventoryInstances.urls {
            stats[instance.name] = try await scaling.client.getJSON(instance.url + "/stats")
        }
        return stats
    }
}

/// Samples the model's backlog toward the inventory (queue depth, uncommitted records) every half second.
private struct BacklogSampler {
    private let peak: PeakReading
    private let task: Task<Void, Never>

    init(lab: any ComparedLab) {
        let peak = PeakReading()
        self.peak = peak
        task = Task {
            while !Task.isCancelled {
                let gauges = await lab.readGauges().filter(\.isBacklog)
                if !gauges.isEmpty { peak.record(gauges.reduce(0) { $0 + Int($1.value) }) }
                try? await Task.sleep(for: .milliseconds(500))
            }
        }
    }

    func stop() async -> Int? {
        task.cancel()
        await task.value
        return peak.value
    }
}

/// The highest reading so far, shared with the sampling task.
private final class PeakReading: Sendable {
    private let peak = Mutex<Int?>(nil)
    func record(_ reading: Int) { peak.withLock { $0 = max($0 ?? 0, reading) } }
    var value: Int? { peak.withLock { $0 } }
}
