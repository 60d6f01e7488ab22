import Faults
import LabKit
import OrderDomain
import Synchronization

/// The order path cut both ways (the order service from its broker; in A,
/// from the inventory) by the kernel while orders arrive, then healed: the
/// order service answers each order within its deadline (refusing what it
/// cannot confirm), loses nothing it accepted, and serves again once the
/// link heals. What the client was told had failed and completed anyway
/// (the partition ended while the bytes were still being retransmitted) is
/// counted as recovered, not asserted either way.
public struct OrderPathPartitionScenario<Lab: ComparedLab & OrderLinkCutting>: Scenario {
    public let name = "order-path-partition"
    public let title =
        "order path partitioned: answers within the deadline, nothing accepted lost, serves after the heal"
    public var orders = 6

    public init() {}

    public func run(in lab: Lab, progress: ProgressLog) async throws -> ScenarioResult {
        var result = ScenarioResult(name: name, title: title)
        if let reason = lab.notApplicable(.linkPartition) {
            result.check("the order path can be cut here", false, reason.reason)
            return result
        }
        // Cut longer than the order service's deadline, so every order sent into the partition meets it.
        let deadline = lab.orderDeadline
        let cutFor = deadline + .seconds(2)
        try await lab.awaitQuiet()
        let completedBefore = try await lab.completedOrders()
        let pizzaBefore = try await lab.stock()["pizza"] ?? 0
        let clock = ContinuousClock()
        let cutAt = clock.now
        progress.say(try await lab.startFault(.linkPartition, http: lab.client.http))
        let answers = await withTaskGroup(of: (String, HTTPExchange, Duration).self) { group in
            for index in 0..<orders {
                group.addTask {
                    let started = clock.now
                    let id = "partition-\(index)-\(Timestamp.now().microsecondsSinceEpoch)"
                    let answer = await lab.placeOrder(id: id, user: "partition", item: "pizza", quantity: 1)
                    return (id, answer, clock.now - started)
                }
            }
            var all: [(String, HTTPExchange, Duration)] = []
            for await answer in group { all.append(answer) }
            return all
        }
        try await Task.sleep(until: cutAt + cutFor, clock: clock)
        if let healed = try await lab.endFault(.linkPartition, http: lab.client.http) { progress.say(healed) }

        let slowest = answers.map(\.2).max() ?? .zero
        let bound = deadline + .seconds(1)
        result.figure("slowest answer while partitioned", slowest.seconds, unit: "s")
        result.check(
            "every order sent into the partition answered within its deadline (+1 s)",
            answers.allSatisfy { $0.1.status != nil && $0.2 <= bound },
            answers.map { "\($0.1.outcome) in \(Format.decimal($0.2.seconds, places: 1)) s" }.joined(separator: ", "))

        // Healed: the service must take orders again by itself. Each try is a new order: in A a refused id is
        // cancelled for good (its compensation ran), and a refused try may still complete (counted below).
        let healedAt = clock.now
        var tries: [String] = []
        var last: HTTPExchange?
        while clock.now < healedAt + .seconds(30) {
            let id = "after-partition-\(tries.count)-\(Timestamp.now().microsecondsSinceEpoch)"
            tries.append(id)
            let answer = await lab.placeOrder(id: id, user: "partition", item: "pizza", quantity: 1)
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

        let expected = accepted.count
        let drained = try await lab.wait(upTo: .seconds(60)) {
            try await lab.completedOrders() - completedBefore >= expected
        }
        // Refused orders whose bytes were retransmitted after the heal complete later than the rest.
        try await Task.sleep(for: .seconds(3))
        let completedIDs = Set(try await lab.completions(since: Timestamp(microsecondsSinceEpoch: 0)).map(\.orderID))
        let lost = accepted.filter { !completedIDs.contains($0) }
        result.check(
            "no order accepted during the partition lost", drained && lost.isEmpty,
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
}

extension HTTPExchange {
    /// Answered 2xx: A's 201 (done) or a brokered model's 202 (accepted).
    var isAccepted: Bool { status.map { (200..<300).contains($0) } ?? false }
}
