import Faults
import Foundation
import LabKit
import OrderDomain
import Synchronization

/// The order path (the order service to its broker; in A, to the inventory)
/// cut by the kernel while orders arrive, then healed. Partitioned: nothing
/// passes either way. Half-open: the order service's packets arrive, nothing
/// comes back — the connection looks open to both ends.
///
/// Must hold: every order sent into the fault is answered within the order
/// service's deadline (a refusal, never a hang); nothing it accepted is lost;
/// it serves again by itself after the heal; the stock falls by exactly the
/// completed orders. Half-open, where the model keeps a connection: the
/// service gives the connection up within the bound its settings state
/// (``LinkLossDetection``). What the client was told had failed and completed
/// anyway (the kernel's TCP retransmitted the bytes after the heal) is counted
/// as recovered, not asserted either way.
public struct OrderLinkFaultScenario<Lab: ComparedLab & OrderLinkCutting>: Scenario {
    public let kind: FaultKind
    public var name: String { kind == .linkHalfOpen ? "order-path-half-open" : "order-path-partition" }
    public var title: String {
        kind == .linkHalfOpen
            ? "order path half-open: answers within the deadline, the dead connection given up within its bound, "
                + "nothing accepted lost"
            : "order path partitioned: answers within the deadline, nothing accepted lost, serves after the heal"
    }
    /// Orders sent into the fault, one every `spacing`.
    public var spacing: Duration = .milliseconds(500)

    /// `kind`: `.linkPartition` or `.linkHalfOpen`.
    public init(_ kind: FaultKind = .linkPartition) {
        precondition(kind == .linkPartition || kind == .linkHalfOpen, "a partition or a half-open link")
        self.kind = kind
    }

    public func run(in lab: Lab, progress: ProgressLog) async throws -> ScenarioResult {
        var result = ScenarioResult(name: name, title: title)
        if let reason = lab.notApplicable(kind) {
            result.check("the order path can be cut here", false, reason.reason)
            return result
        }
        let deadline = lab.orderDeadline
        let detection = kind == .linkHalfOpen ? lab.halfOpenDetection : nil
        // Longer than the deadline, so orders meet it; half-open, longer than the detection bound too.
        let cutFor = max(deadline + .seconds(2), (detection?.bound ?? .zero) + .seconds(4))
        // Only this scenario's completions are read back: a suite's earlier scenarios may have made millions.
        let startedAt = Timestamp.now()
        // One order first, so the service's connection is open when the link is cut (a publisher connects on
        // first use): the fault must act on a connection in use, not only on the next one made.
        let warmUp = await lab.placeOrder(
            id: "before-\(name)-\(Timestamp.now().microsecondsSinceEpoch)", user: "link", item: "pizza", quantity: 1)
        guard result.check("an order accepted before the cut", warmUp.isAccepted, warmUp.outcome) else { return result }
        try await lab.awaitQuiet()
        let completedBefore = try await lab.completedOrders()
        let pizzaBefore = try await lab.stock()["pizza"] ?? 0
        let clock = ContinuousClock()
        let cutAt = clock.now
        let cutWallClock = Date()
        progress.say(try await lab.startFault(kind, http: lab.client.http))
        let count = max(6, Int((cutFor - .seconds(1)) / spacing))
        let answers = await withTaskGroup(of: (String, HTTPExchange, Duration).self) { group in
            for index in 0..<max(1, count) {
                group.addTask {
                    try? await Task.sleep(until: cutAt + spacing * index, clock: clock)
                    let started = clock.now
                    let id = "\(name)-\(index)-\(Timestamp.now().microsecondsSinceEpoch)"
                    let answer = await lab.placeOrder(id: id, user: "link", item: "pizza", quantity: 1)
                    return (id, answer, clock.now - started)
                }
            }
            var all: [(String, HTTPExchange, Duration)] = []
            for await answer in group { all.append(answer) }
            return all
        }
        try await Task.sleep(until: cutAt + cutFor, clock: clock)
        if let healed = try await lab.endFault(kind, http: lab.client.http) { progress.say(healed) }

        let slowest = answers.map(\.2).max() ?? .zero
        let bound = deadline + .seconds(1)
        result.figure("slowest answer during the fault", slowest.seconds, unit: "s")
        result.check(
            "every order sent into the fault answered within its deadline (+1 s)",
            answers.allSatisfy { $0.1.status != nil && $0.2 <= bound },
            "\(answers.count) orders: "
                + Dictionary(grouping: answers, by: \.1.outcome).map { "\($0.value.count)× \($0.key)" }.sorted()
                .joined(separator: ", ") + "; slowest \(Format.decimal(slowest.seconds, places: 1)) s")
        if kind == .linkHalfOpen {
            if let detection {
                let noticed = Self.firstLogLine(
                    containing: detection.logPhrase, in: lab.orderService.launch.logPath, since: cutWallClock)
                let after = noticed.map { $0.timeIntervalSince(cutWallClock) }
                result.figure("half-open connection given up after", after ?? -1, unit: "s")
                // The log's timestamps are whole seconds: one more second of slack.
                let limit = detection.bound.seconds + 1
                result.check(
                    "the half-open connection given up within \(Format.decimal(detection.bound.seconds, places: 0)) s "
                        + "(\(detection.setting))",
                    after.map { $0 <= limit } ?? false,
                    after.map { "given up \(Format.decimal($0, places: 0)) s after the cut" }
                        ?? "the order service's log never says '\(detection.logPhrase)' after the cut")
            } else {
                // No connection to give up: each call's own deadline is the bound, checked above.
                result.figure("per-call deadline (the half-open bound here)", deadline.seconds, unit: "s")
            }
        }

        // Healed: the service must take orders again by itself. Each try is a new order: in A a refused id is
        // cancelled for good (its compensation ran), and a refused try may still complete (counted below).
        let healedAt = clock.now
        var tries: [String] = []
        var last: HTTPExchange?
        while clock.now < healedAt + .seconds(30) {
            let id = "after-\(name)-\(tries.count)-\(Timestamp.now().microsecondsSinceEpoch)"
            tries.append(id)
            let answer = await lab.placeOrder(id: id, user: "link", item: "pizza", quantity: 1)
            last = answer
            if answer.isAccepted { break }
            try await Task.sleep(for: .milliseconds(500))
        }
        let served = last?.isAccepted ?? false
        result.figure("from the heal to the first order accepted", (clock.now - healedAt).seconds, unit: "s")
        result.check(
            "the order service serves again within 30 s of the heal", served,
            "\(tries.count) tries; last: \(last.map { "\($0.outcome) \($0.bodyText)" } ?? "none")")
        let accepted = answers.filter { $0.1.isAccepted }.map(\.0) + (served ? tries.suffix(1) : [])
        let refused = answers.filter { !$0.1.isAccepted }.map(\.0) + (served ? tries.dropLast() : tries[...])

        let drained = try await lab.wait(upTo: .seconds(60)) {
            try await lab.completedOrders() - completedBefore >= accepted.count
        }
        // Refused orders whose bytes were retransmitted after the heal complete later than the rest.
        try await Task.sleep(for: .seconds(3))
        let completedIDs = Set(try await lab.completions(since: startedAt).map(\.orderID))
        let lost = accepted.filter { !completedIDs.contains($0) }
        result.check(
            "no order accepted during the fault lost", drained && lost.isEmpty,
            "\(accepted.count) accepted, \(lost.count) never completed")
        let recovered = refused.filter { completedIDs.contains($0) }
        result.figure("told failure, completed anyway (recovered)", Double(recovered.count), unit: "orders")
        let taken = pizzaBefore - (try await lab.stock()["pizza"] ?? 0)
        let completed = try await lab.completedOrders() - completedBefore
        result.check(
            "stock decrease = completed orders (nothing reserved twice)", taken == completed,
            "pizza -\(taken), completed \(completed) (\(recovered.count) of them told failure)")
        return result
    }

    /// When the service's log (swift-log's `2026-12-03T13:44:09+0000 …` lines) first says `phrase` at or after
    /// `since` (to the second).
    static func firstLogLine(containing phrase: String, in path: String, since: Date) -> Date? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        let format = DateFormatter()
        format.locale = Locale(identifier: "en_US_POSIX")
        format.dateFormat = "yyyy-MM-dd'T'HH:mm:ssZ"
        let floor = since.addingTimeInterval(-1)
        for line in text.split(separator: "\n") where line.contains(phrase) {
            guard let stamp = line.split(separator: " ").first, let date = format.date(from: String(stamp)),
                date >= floor
            else { continue }
            return date
        }
        return nil
    }
}

extension HTTPExchange {
    /// Answered 2xx: A's 201 (done) or a brokered model's 202 (accepted).
    var isAccepted: Bool { status.map { (200..<300).contains($0) } ?? false }
}
