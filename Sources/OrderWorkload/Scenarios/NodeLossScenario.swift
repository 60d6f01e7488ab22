import Brokers
import Faults
import LabKit
import OrderDomain
import Synchronization

/// A replicated broker losing nodes under a stream of orders, every order
/// counted by id: the node leading the workflow's queue (or partition)
/// killed mid-stream and started again — nothing accepted lost, nothing
/// reserved twice —, or two of three nodes down while orders keep coming —
/// each refused within the order service's deadline, never accepted and lost.
public struct NodeLossScenario<Lab: BrokeredOrderLab & NodeLosing>: Scenario {
    public enum Fault: Sendable {
        /// The leader killed once a third of the orders are answered, back after `restartAfter`.
        case leaderLost(restartAfter: Duration)
        /// A majority killed before the orders are sent, every node back after them.
        case quorumLost
    }

    public var fault: Fault
    public var orders: Int
    /// Orders in flight at once.
    public var concurrency = 16

    public init(_ fault: Fault, orders: Int) {
        self.fault = fault
        self.orders = orders
    }

    public var name: String {
        switch fault {
        case .leaderLost: "node-loss"
        case .quorumLost: "quorum-lost"
        }
    }

    public var title: String {
        switch fault {
        case .leaderLost:
            "the node leading the queue killed mid-stream of \(orders) orders: nothing accepted lost, nothing "
                + "reserved twice"
        case .quorumLost:
            "two of three nodes down: each order refused within the deadline, none accepted and lost"
        }
    }

    public func run(in lab: Lab, progress: ProgressLog) async throws -> ScenarioResult {
        var result = ScenarioResult(name: name, title: title)
        if let reason = lab.notApplicable(fault.kind) {
            result.check("the broker can lose \(fault.what)", false, reason.description)
            return result
        }
        try await lab.awaitQuiet()
        let stockBefore = try await lab.stock()["pizza"] ?? 0
        let start = Timestamp.now()
        let prefix = "\(name)-\(start.microsecondsSinceEpoch)-"
        let events = Mutex<[String]>([])
        let clock = ContinuousClock()
        let started = clock.now
        var faultTask: Task<String, any Error>?
        let broker = lab.broker
        let leaderQueue = lab.leaderQueue
        if case .quorumLost = fault {
            let did = try await lab.broker.act(.killMajority(leaderOf: lab.leaderQueue))
            events.withLock { $0 = [did] }
            progress.say(did)
        }
        progress.say("\(orders) orders, \(concurrency) at a time")
        let trigger = orders / 3
        let answers = await withTaskGroup(of: (String, HTTPExchange).self) { group in
            var answers: [(String, HTTPExchange)] = []
            var next = 0
            func send(_ index: Int) {
                let id = "\(prefix)\(index)"
                group.addTask {
                    (id, await lab.placeOrder(id: id, user: "node-\(index % 50)", item: "pizza", quantity: 1))
                }
            }
            while next < min(concurrency, orders) {
                send(next)
                next += 1
            }
            while let answer = await group.next() {
                answers.append(answer)
                if case .leaderLost(let restartAfter) = fault, answers.count == trigger {
                    progress.say("\(answers.count) answered: killing the node leading \(leaderQueue)")
                    faultTask = Task {
                        try await broker.act(.kill(leaderOf: leaderQueue, restartAfter: restartAfter))
                    }
                }
                if next < orders {
                    send(next)
                    next += 1
                }
            }
            return answers
        }
        if let did = try await faultTask?.value {
            events.withLock { $0.append(did) }
            progress.say(did)
        }
        if case .quorumLost = fault {
            let did = try await lab.broker.act(.restore)
            events.withLock { $0.append(did) }
            progress.say(did)
        }
        result.figure("stream and fault", (clock.now - started).seconds, unit: "s")

        let accepted = Set(answers.filter { $0.1.status == 202 }.map(\.0))
        let refused = Set(answers.filter { $0.1.status != 202 }.map(\.0))
        let deadline = lab.acceptDeadline + .seconds(1)
        let late = answers.filter { $0.1.status == nil || $0.1.latency > deadline }
        progress.say("\(accepted.count) accepted, \(refused.count) refused; waiting for the accepted to complete")
        let drained = try await lab.wait(upTo: .seconds(120)) {
            let completed = Set(try await lab.completions(since: start).map(\.orderID))
            return accepted.isSubset(of: completed)
        }
        // What a refused order that completed anyway needs: time to show up.
        try await Task.sleep(for: .seconds(2))
        let completions = try await lab.completions(since: start).filter { $0.orderID.hasPrefix(prefix) }
        let completedIDs = Set(completions.map(\.orderID))
        let ledger = try await lab.ledgerEntries(since: start).filter { $0.orderID.hasPrefix(prefix) }
        let reservedPerOrder = Dictionary(grouping: ledger.filter { $0.state == "reserved" }, by: \.orderID)
        let reservedTwice = reservedPerOrder.values.filter { $0.count > 1 }.count
        let reservedUnits = ledger.filter { $0.state == "reserved" }.flatMap(\.lines).reduce(0) { $0 + $1.quantity }
        let taken = stockBefore - (try await lab.stock()["pizza"] ?? 0)
        let lost = accepted.subtracting(completedIDs).sorted()
        let recovered = refused.intersection(completedIDs).count
        let stranded = refused.subtracting(completedIDs).filter { reservedPerOrder[$0] != nil }.count

        result.check(
            "no accepted order lost", lost.isEmpty && drained,
            lost.isEmpty ? "all \(accepted.count) accepted completed" : "\(lost.count) lost, e.g. \(lost.prefix(3))")
        result.check(
            "nothing reserved twice", reservedTwice == 0 && taken == reservedUnits,
            "stock fell by \(taken); the ledger's reservations account for \(reservedUnits); \(reservedTwice) orders "
                + "reserved twice")
        result.check(
            "nothing completed twice", completions.count == completedIDs.count,
            "\(completions.count) completions of \(completedIDs.count) orders")
        result.check(
            "every request answered within the order service's deadline (refused, never hung)", late.isEmpty,
            late.isEmpty
                ? "slowest answer \(Format.milliseconds(answers.map(\.1.latency.milliseconds).max() ?? 0))"
                : "\(late.count) answered after \(deadline) or not at all")
        if case .quorumLost = fault {
            result.check(
                "orders were refused while the quorum was lost (the fault took effect)", !refused.isEmpty,
                "\(refused.count) of \(orders) refused")
        }
        result.figure("orders accepted", Double(accepted.count), unit: "orders")
        result.figure("orders refused", Double(refused.count), unit: "orders")
        result.figure("refused, completed anyway (recovered)", Double(recovered), unit: "orders")
        result.figure("refused, stock reserved, never completed (stranded)", Double(stranded), unit: "orders")
        var latency = LatencyRecorder()
        for answer in answers { latency.record(microseconds: Int64(answer.1.latency.microseconds)) }
        result.latency("client latency", latency.summary)
        result.tables.append(
            ScenarioResult.Table(
                title: "What the lab did to the nodes", header: ["action"],
                rows: events.withLock { $0 }.map { [$0] }))
        return result
    }
}

extension NodeLossScenario.Fault {
    var kind: FaultKind {
        switch self {
        case .leaderLost: .brokerNodeLost
        case .quorumLost: .quorumLost
        }
    }

    var what: String {
        switch self {
        case .leaderLost: "a node"
        case .quorumLost: "a majority of its nodes"
        }
    }
}
