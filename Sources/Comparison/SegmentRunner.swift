import AsyncHTTPClient
import Faults
import Foundation
import LabKit
import NIOCore
import OrderDomain
import OrderWorkload
import Synchronization

/// Runs one fault segment against one model: a steady open-loop stream with
/// the fault applied for its window, then a drain, then the per-order count.
struct SegmentRunner {
    let lab: any ComparedLab
    let http: HTTPClient
    let workload: CompareWorkload
    let fault: FaultWindow
    let segment: Int
    let progress: ProgressLog

    private var stream: OrderStream { OrderStream(workload: workload) }
    private var windowStart: Double { workload.phases.before }
    private var windowEnd: Double { workload.phases.before + workload.phases.window }

    /// Why this fault cannot be applied to the lab's model, if it cannot.
    static func notApplicable(_ fault: FaultWindow, to lab: any ComparedLab) -> NotApplicable? {
        lab.notApplicable(fault.kind)
    }

    func run() async throws -> SegmentResult {
        let stockBefore = try await stockTotal()
        let deadLetters = lab as? any DeadLetterReading
        let deadBefore = try? await deadLetters?.deadLetters()
        let start = Timestamp.now()
        let clock = ContinuousClock()
        let origin = clock.now
        let events = EventLog(origin: origin)
        let sent = Counter()

        let ticker = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(3))
                if Task.isCancelled { break }
                let elapsed = (clock.now - origin).seconds
                let left = max(0, workload.phases.total - elapsed)
                progress.say(
                    "  \(Format.decimal(elapsed, places: 0)) s in, \(Format.decimal(left, places: 0)) s of stream left; "
                        + "\(sent.value) requests sent")
            }
        }
        defer { ticker.cancel() }
        let readerBacklog = Mutex<[SegmentEvidence.BacklogSample]>([])
        // Only a fault on the other reader's link has its backlog as its effect: no other segment reads it.
        let samplesReaderBacklog = fault.kind.target == .readerLink
        let sampler = Task { [lab] in
            while samplesReaderBacklog, !Task.isCancelled {
                let gauges = await lab.readGauges().filter(\.isReaderBacklog)
                if !gauges.isEmpty {
                    let sample = SegmentEvidence.BacklogSample(
                        seconds: (clock.now - origin).seconds, value: gauges.reduce(0) { $0 + Int($1.value) })
                    readerBacklog.withLock { $0.append(sample) }
                }
                try? await Task.sleep(for: .seconds(1))
            }
        }
        defer { sampler.cancel() }

        async let control = applyFault(origin: origin, events: events)
        let records = await sendStream(origin: origin, sent: sent)
        let injected = try await control
        ticker.cancel()
        progress.say("  stream done (\(records.count) requests); draining (up to \(Int(workload.drainLimitSeconds)) s)")

        let deadExpected =
            injected.poisonMessages > 0
            ? injected.poisonMessages * (deadLetters?.deadLettersPerPoisonMessage ?? 0) : nil
        var evidence = try await drain(
            start: start, records: records, direct: injected.directOrders, stockBefore: stockBefore,
            deadBefore: deadBefore, deadExpected: deadExpected)
        evidence.faultLifted = injected.liftedSeconds
        if fault.kind.target == .readerLink {
            // The fault's effect is the other reader's backlog: give it the drain's time to be worked off.
            let deadline = clock.now + .seconds(workload.drainLimitSeconds)
            let before = readerBacklog.withLock { $0.filter { $0.seconds < windowStart }.map(\.value).max() ?? 0 }
            while clock.now < deadline, (readerBacklog.withLock { $0.last?.value } ?? 0) > before {
                try await Task.sleep(for: .milliseconds(500))
            }
        }
        sampler.cancel()
        evidence.readerBacklog = readerBacklog.withLock { $0 }
        var outcome = OutcomeCounter.count(evidence)
        if let deadExpected, let reasons = try? await deadLetters?.deadLetterReasons() {
            let recent = reasons.suffix(deadExpected)
            outcome.deadLetterReasons = Array(Set(recent.filter { !$0.isEmpty })).sorted()
            outcome.deadLettersWithoutReason = recent.filter(\.isEmpty).count + max(0, deadExpected - recent.count)
        }
        return SegmentResult(
            outcome: outcome, events: await events.entries, notes: injected.notes, windowStart: windowStart,
            windowEnd: windowEnd)
    }

    // MARK: the stream

    private func sendStream(origin: ContinuousClock.Instant, sent: Counter) async -> [ClientRecord] {
        let count = stream.ordersPerSegment
        let interval = Duration.nanoseconds(Int64(1e9 / workload.rate))
        let clock = ContinuousClock()
        return await withTaskGroup(of: [ClientRecord].self) { group in
            for index in 0..<count {
                let intended = origin + interval * index
                if intended > clock.now { try? await Task.sleep(until: intended, clock: clock) }
                let offset = (intended - origin).seconds
                group.addTask {
                    let records = await send(index: index, offset: offset, intended: intended)
                    sent.add(records.count)
                    return records
                }
            }
            var all: [ClientRecord] = []
            for await records in group { all += records }
            return all
        }
    }

    private func send(index: Int, offset: Double, intended: ContinuousClock.Instant) async -> [ClientRecord] {
        let planned = stream.order(segment: segment, index: index)
        let inWindow = offset >= windowStart && offset < windowEnd
        var random = SplitMix64(seed: workload.seed &+ UInt64(segment * 100_000 + index))
        let draw = Double(random.next() % 10_000) / 10_000
        if fault.kind == .poisonInput, inWindow, draw < (fault.share ?? 0) {
            let poison = PoisonRequest.all[index % PoisonRequest.all.count]
            let exchange = await post(poison.body)
            return [record(.poison, nil, planned, offset, intended, exchange)]
        }
        let body = planned.requestBody
        let first = await post(body)
        let kind: ClientRecord.Kind = planned.meantToFail ? .meantToFail : .order
        var records = [record(kind, planned.orderID, planned, offset, intended, first)]
        if fault.kind == .duplicateDelivery, inWindow, draw < (fault.share ?? 0) {
            let again = await post(body)
            records.append(record(.resend, planned.orderID, planned, offset, intended, again))
        }
        return records
    }

    private func post(_ body: String) async -> HTTPExchange {
        await lab.client.send(
            .POST, lab.orderURL + "/order", body: ByteBuffer(string: body),
            timeout: .milliseconds(workload.clientTimeoutMilliseconds))
    }

    private func record(
        _ kind: ClientRecord.Kind, _ id: String?, _ planned: OrderStream.PlannedOrder, _ offset: Double,
        _ intended: ContinuousClock.Instant, _ exchange: HTTPExchange
    ) -> ClientRecord {
        let reason: String?
        if exchange.status == nil {
            reason = exchange.failure ?? "no answer"
        } else if (200..<300).contains(exchange.status ?? 0) {
            reason = nil
        } else {
            reason = exchange.decode(ErrorBody.self)?.error.code
        }
        return ClientRecord(
            kind: kind, orderID: id, item: planned.item, quantity: planned.quantity, intendedSeconds: offset,
            status: exchange.status, reason: reason,
            latencyMilliseconds: (ContinuousClock.now - intended).seconds * 1000, userID: planned.userID)
    }

    // MARK: the fault

    /// What the fault control did besides the fault itself.
    struct Injected: Sendable {
        var poisonMessages = 0
        var directOrders: [String: Int] = [:]
        var notes: [String] = []
        /// When the fault was actually lifted (its rules removed, its process thawed), seconds after the start.
        var liftedSeconds: Double?
    }

    /// The fault itself is done by the lab (``ComparedLab/startFault(_:_:http:)``); the stream's share of bad
    /// or repeated requests is this runner's, and so is counting the messages the transport was given.
    private func applyFault(origin: ContinuousClock.Instant, events: EventLog) async throws -> Injected {
        var injected = Injected()
        let clock = ContinuousClock()
        try await Task.sleep(until: origin + .seconds(windowStart), clock: clock)
        switch fault.kind {
        case .poisonInput:
            switch try await lab.writePoisonMessages(fault.messages ?? 0) {
            case .success(let written): injected.poisonMessages = written
            case .failure(let reason): injected.notes.append("poison messages: \(reason)")
            }
            await events.add("\(injected.poisonMessages) malformed messages written to the transport")
        case .duplicateDelivery:
            var orders: [Order] = []
            for index in 0..<(fault.messages ?? 0) {
                let planned = stream.order(segment: segment, index: 1_000_000 + index)
                // A duplicate of an order that completes, so "completed once" can be seen.
                let item = planned.meantToFail ? workload.mix[0].item : planned.item
                let quantity = planned.meantToFail ? 1 : planned.quantity
                orders.append(
                    OrderRequest(
                        userID: planned.userID, lines: [.init(itemID: item, quantity: quantity, price: 1)],
                        orderID: OrderStream.orderIDPrefix(segment: segment) + "dup-\(index)"
                    ).place())
            }
            switch try await lab.writeDuplicateMessages(orders) {
            case .success(let written):
                for order in written { injected.directOrders[order.orderID] = order.items.first?.quantity ?? 0 }
            case .failure(let reason): injected.notes.append("duplicate messages: \(reason)")
            }
            await events.add("\(injected.directOrders.count) messages written twice with the same message id")
        default:
            await events.add(try await lab.startFault(fault.kind, fault.values, http: http))
        }
        try await Task.sleep(until: origin + .seconds(windowEnd), clock: clock)
        if let ended = try await lab.endFault(fault.kind, http: http) { await events.add(ended) }
        injected.liftedSeconds = (clock.now - origin).seconds
        return injected
    }

    // MARK: the drain

    private func drain(
        start: Timestamp, records: [ClientRecord], direct: [String: Int], stockBefore: Int, deadBefore: Int?,
        deadExpected: Int?
    ) async throws -> SegmentEvidence {
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(workload.drainLimitSeconds)
        var evidence: SegmentEvidence
        repeat {
            evidence = try await read(
                start: start, records: records, direct: direct, stockBefore: stockBefore, deadBefore: deadBefore,
                deadExpected: deadExpected)
            let outcome = OutcomeCounter.count(evidence)
            let deadDone = deadExpected == nil || (evidence.deadLettersSeen ?? 0) >= (deadExpected ?? 0)
            if outcome.lost == 0, outcome.settled, deadDone { break }
            try await Task.sleep(for: .milliseconds(250))
        } while clock.now < deadline
        // A second completion of an order, were there one, shows up after the first: look once more.
        try await Task.sleep(for: .milliseconds(500))
        return try await read(
            start: start, records: records, direct: direct, stockBefore: stockBefore, deadBefore: deadBefore,
            deadExpected: deadExpected)
    }

    private func read(
        start: Timestamp, records: [ClientRecord], direct: [String: Int], stockBefore: Int, deadBefore: Int?,
        deadExpected: Int?
    ) async throws -> SegmentEvidence {
        let dead = try? await (lab as? any DeadLetterReading)?.deadLetters()
        return SegmentEvidence(
            startMicroseconds: start.microsecondsSinceEpoch, rate: workload.rate, windowStart: windowStart,
            windowEnd: windowEnd, streamSeconds: workload.phases.total, meantToFailShare: workload.meantToFail.share,
            records: records,
            directOrders: direct, completions: try await lab.completions(since: start),
            ledger: try await lab.ledgerEntries(since: start), stockTaken: stockBefore - (try await stockTotal()),
            deadLettersExpected: deadExpected, deadLettersSeen: dead.flatMap { now in deadBefore.map { now - $0 } },
            orderIDPrefix: OrderStream.orderIDPrefix(segment: segment))
    }

    /// Units in stock over the mix's items.
    private func stockTotal() async throws -> Int {
        let stock = try await lab.stock()
        return workload.mix.reduce(0) { $0 + (stock[$1.item] ?? 0) }
    }
}

/// A count shared by the stream's tasks, for progress lines.
final class Counter: Sendable {
    private let count = Mutex(0)
    func add(_ n: Int) { count.withLock { $0 += n } }
    var value: Int { count.withLock { $0 } }
}

/// What the fault control did and when, seconds after the segment started.
actor EventLog {
    let origin: ContinuousClock.Instant
    private(set) var entries: [SegmentResult.Event] = []

    init(origin: ContinuousClock.Instant) { self.origin = origin }

    func add(_ what: String) {
        entries.append(SegmentResult.Event(seconds: (ContinuousClock.now - origin).seconds, what: what))
    }
}
