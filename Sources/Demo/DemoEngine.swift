import AsyncHTTPClient
import Comparison
import Faults
import Foundation
import LabKit
import NIOCore
import OrderDomain
import OrderWorkload

/// The demo's running state: every model's lab, one order stream sent
/// to all of them, a sampler that turns what they do into a snapshot each
/// second, and the controls that fault the real processes.
actor DemoEngine {
    struct Member: Sendable {
        let letter: String
        let name: String
        let part: String
        let lab: any ComparedLab
        let feed = ModelFeed()
    }

    let members: [Member]
    let http: HTTPClient
    private let stream: OrderStream
    private let origin = ContinuousClock.now
    private(set) var rate: Double
    private var events: [DemoEvent] = []
    private var histories: [String: DemoSnapshot.History] = [:]
    private var lastCompleted: [String: Int] = [:]
    private var pausedBrokers: Set<String> = []
    private var subscribers: [UUID: AsyncStream<DemoSnapshot>.Continuation] = [:]
    private(set) var latest: DemoSnapshot?
    static let historySeconds = 180

    init(members: [Member], http: HTTPClient, workload: CompareWorkload, rate: Double) {
        self.members = members
        self.http = http
        self.stream = OrderStream(workload: workload)
        self.rate = rate
    }

    /// Starts every model's lab in turn; on a failure, stops those already up.
    static func start(
        parts: [any ComparablePart.Type], setup: (any ComparablePart.Type) -> ComparedLabSetup,
        workload: CompareWorkload,
        rate: Double, http: HTTPClient, progress: ProgressLog
    ) async throws -> DemoEngine {
        var members: [Member] = []
        for part in parts {
            do {
                progress.say("starting \(part.modelName)")
                let lab = try await part.startCompared(setup(part), http: http, progress: progress.nested())
                members.append(
                    Member(
                        letter: String(part.modelName.prefix(1)).lowercased(), name: part.modelName, part: part.name,
                        lab: lab))
            } catch {
                for member in members { await member.lab.stop() }
                throw error
            }
        }
        return DemoEngine(members: members, http: http, workload: workload, rate: rate)
    }

    var seconds: Double { (ContinuousClock.now - origin).seconds }

    func setRate(_ value: Double) { rate = value }

    // MARK: the order stream

    /// Sends order after order to every model at the current rate until cancelled.
    nonisolated func runLoad() async {
        let clock = ContinuousClock()
        var next = clock.now
        var index = 0
        await withDiscardingTaskGroup { group in
            while !Task.isCancelled {
                let rate = await self.rate
                next = next + .nanoseconds(Int64(1e9 / max(rate, 0.1)))
                if next < clock.now - .seconds(1) { next = clock.now }  // after a rate change or a stall: no burst
                try? await Task.sleep(until: next, clock: clock)
                let planned = stream.order(segment: 0, index: index)
                index += 1
                let intended = next
                for member in members {
                    group.addTask { await self.send(planned, to: member, intended: intended) }
                }
            }
        }
    }

    private nonisolated func send(
        _ order: OrderStream.PlannedOrder, to member: Member, intended: ContinuousClock.Instant
    )
        async
    {
        member.feed.offered(at: Int((intended - origin).seconds))
        var body = order.requestBody
        body = body.replacingOccurrences(of: "\"cmp-0-", with: "\"demo-")
        let exchange = await member.lab.client.send(
            .POST, member.lab.orderURL + "/order", body: ByteBuffer(string: body), timeout: .seconds(10))
        let now = ContinuousClock.now
        member.feed.answered(
            status: exchange.status, latencyMilliseconds: (now - intended).seconds * 1000,
            at: (now - origin).seconds)
    }

    // MARK: sampling

    /// Takes a snapshot every second and hands it to every subscriber until cancelled.
    nonisolated func runSampler() async {
        let clock = ContinuousClock()
        var next = clock.now
        while !Task.isCancelled {
            next = next + .seconds(1)
            try? await Task.sleep(until: next, clock: clock)
            let readings = await withTaskGroup(of: (String, Reading).self) { group in
                for member in members {
                    group.addTask { (member.letter, await self.read(member)) }
                }
                var all: [String: Reading] = [:]
                for await (letter, reading) in group { all[letter] = reading }
                return all
            }
            await publish(readings)
        }
    }

    struct Reading: Sendable {
        var completed: Int?
        var services: [DemoSnapshot.ServiceState]
        var gauges: [TransportGauge]
        var stock: Int?
    }

    private nonisolated func read(_ member: Member) async -> Reading {
        let lab = member.lab
        async let completed = try? lab.completedOrders()
        async let gauges = lab.readGauges()
        async let stock = try? lab.stock().quantities.values.reduce(0, +)
        var services: [DemoSnapshot.ServiceState] = []
        for entry in lab.services.entries {
            services.append(await serviceState(entry))
        }
        if lab.pausableBroker != nil {
            let paused = await pausedBrokers.contains(member.letter)
            services.append(
                DemoSnapshot.ServiceState(
                    role: "broker", state: paused ? "paused" : "up", detail: paused ? "SIGSTOP" : "running"))
        }
        return Reading(completed: await completed, services: services, gauges: await gauges, stock: await stock)
    }

    private nonisolated func serviceState(_ entry: RunningServices.Entry) async -> DemoSnapshot.ServiceState {
        guard await entry.process.isRunning else {
            return DemoSnapshot.ServiceState(role: entry.role, state: "down", detail: "process stopped")
        }
        let client = LabHTTPClient(http: http)
        let health = await client.send(.GET, entry.url + "/health", timeout: .milliseconds(500))
        guard health.status == 200 else {
            return DemoSnapshot.ServiceState(
                role: entry.role, state: "unreachable", detail: health.failure ?? health.outcome)
        }
        let plan = await client.send(.GET, entry.url + "/admin/faults", timeout: .milliseconds(500)).decode(
            FaultPlan.self)
        if let plan, plan.errorRate > 0, plan.errorStatus != nil {
            return DemoSnapshot.ServiceState(
                role: entry.role, state: "failing", detail: "\(Int((plan.errorRate * 100).rounded()))% errors")
        }
        if let plan, plan.delayMilliseconds > 0 {
            return DemoSnapshot.ServiceState(role: entry.role, state: "slow", detail: "+\(plan.delayMilliseconds) ms")
        }
        return DemoSnapshot.ServiceState(role: entry.role, state: "up", detail: "healthy")
    }

    private func publish(_ readings: [String: Reading]) {
        let now = seconds
        let second = Int(now) - 1
        var models: [DemoSnapshot.Model] = []
        for member in members {
            let reading = readings[member.letter]
            var history = histories[member.letter] ?? DemoSnapshot.History()
            let counts = member.feed.second(second)
            let completedNow = reading?.completed
            let completed = completedNow.map { max(0, $0 - (lastCompleted[member.letter] ?? $0)) } ?? 0
            if let completedNow { lastCompleted[member.letter] = completedNow }
            let latency = member.feed.percentiles(now: now)
            history.t.append(second)
            history.offered.append(counts.offered)
            history.accepted.append(counts.accepted)
            history.refused.append(counts.refused + counts.unanswered)
            history.completed.append(completed)
            history.p50.append(latency?.p50)
            history.p99.append(latency?.p99)
            history.backlog.append(Self.backlog(of: reading?.gauges ?? []))
            if history.t.count > Self.historySeconds {
                let drop = history.t.count - Self.historySeconds
                history.t.removeFirst(drop)
                history.offered.removeFirst(drop)
                history.accepted.removeFirst(drop)
                history.refused.removeFirst(drop)
                history.completed.removeFirst(drop)
                history.p50.removeFirst(drop)
                history.p99.removeFirst(drop)
                history.backlog.removeFirst(drop)
            }
            histories[member.letter] = history
            let totals = member.feed.totals
            models.append(
                DemoSnapshot.Model(
                    letter: member.letter, name: member.name, part: member.part, services: reading?.services ?? [],
                    history: history, gauges: reading?.gauges ?? [], stock: reading?.stock,
                    totals: DemoSnapshot.Totals(
                        offered: totals.offered, accepted: totals.accepted, refused: totals.refused,
                        unanswered: totals.unanswered, completed: lastCompleted[member.letter] ?? 0),
                    notApplicable: Self.notApplicable(member.lab)))
        }
        let snapshot = DemoSnapshot(seconds: now, rate: rate, models: models, events: events)
        latest = snapshot
        for continuation in subscribers.values { continuation.yield(snapshot) }
    }

    /// The backlog a reader watches: B's orders queue, C's inventory group lag.
    static func backlog(of gauges: [TransportGauge]) -> Int64 {
        gauges.filter(\.isBacklog).reduce(0) { $0 + $1.value }
    }

    /// Why each control cannot act on this model, by the control's id.
    private static func notApplicable(_ lab: any ComparedLab) -> [String: String] {
        var reasons: [String: String] = [:]
        for kind in FaultKind.allCases {
            guard let reason = lab.notApplicable(kind) else { continue }
            for id in DemoControlList.ids(of: kind) { reasons[id] = reason.reason }
        }
        if let reason = lab.lacks(.replay) { reasons["replay"] = reason.reason }
        return reasons
    }

    // MARK: subscribers

    func subscribe() -> AsyncStream<DemoSnapshot> {
        let (stream, continuation) = AsyncStream<DemoSnapshot>.makeStream(bufferingPolicy: .bufferingNewest(2))
        let id = UUID()
        subscribers[id] = continuation
        if let latest { continuation.yield(latest) }
        continuation.onTermination = { _ in Task { await self.unsubscribe(id) } }
        return stream
    }

    private func unsubscribe(_ id: UUID) { subscribers[id] = nil }

    func record(_ model: String, _ what: String) {
        events.append(DemoEvent(seconds: seconds, model: model, what: what))
        if events.count > 200 { events.removeFirst(events.count - 200) }
    }

    func markBroker(_ letter: String, paused: Bool) {
        if paused { pausedBrokers.insert(letter) } else { pausedBrokers.remove(letter) }
    }

    /// Ends every page's event stream, so the server can shut down without waiting for browsers.
    func closeStreams() {
        for continuation in subscribers.values { continuation.finish() }
        subscribers = [:]
    }

    func stop() async {
        closeStreams()
        for member in members { await member.lab.stop() }
    }
}
