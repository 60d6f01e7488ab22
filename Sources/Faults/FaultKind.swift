/// Every fault the lab injects, in one list: the comparison's workload file,
/// the demo's buttons, the scenarios and the services' admin API all name a
/// fault by one of these. What each does, where it acts, its parameters and
/// what a model needs for it to apply are said once, here; a new fault kind
/// is a case here and its application in `ComparedLab+Faults` (OrderWorkload).
public enum FaultKind: String, Codable, Sendable, Hashable, CaseIterable {
    /// No fault: the reference window.
    case baseline
    case inventorySlow = "inventory_slow"
    case inventoryFailing = "inventory_failing"
    case inventoryDown = "inventory_down"
    case consumerCrash = "consumer_crash"
    case brokerPaused = "broker_paused"
    case brokerCrash = "broker_crash"
    case brokerNodeLost = "broker_node_lost"
    case brokerNodePaused = "broker_node_paused"
    case quorumLost = "quorum_lost"
    case poisonInput = "poison_input"
    case duplicateDelivery = "duplicate_delivery"
    case linkPartition = "link_partition"
    case linkHalfOpen = "link_half_open"
    case linkLoss = "link_loss"
    case linkReset = "link_reset"
    case linkLatency = "link_latency"
    case linkBandwidth = "link_bandwidth"
    case consumerLinkPartition = "consumer_link_partition"
    case consumerLinkLoss = "consumer_link_loss"
    case readerLinkPartition = "reader_link_partition"
    case clientLinkHalfOpen = "client_link_half_open"

    /// What the fault does, in one sentence a report can print.
    public var summary: String {
        switch self {
        case .baseline: "no fault: the reference"
        case .inventorySlow: "the inventory takes delay_ms longer over each order (the services' delay plan)"
        case .inventoryFailing: "the inventory fails error_rate of its requests or messages (the services' error plan)"
        case .inventoryDown: "the inventory's process is stopped for the window, then started again"
        case .consumerCrash: "the inventory consumer is SIGKILLed and started again after restart_after_ms"
        case .brokerPaused: "the broker's process is frozen (SIGSTOP) for the window, then thawed (SIGCONT)"
        case .brokerCrash:
            "the broker's processes are SIGKILLed and the broker started again from its data after restart_after_ms"
        case .brokerNodeLost:
            "one node of a replicated broker — the one leading the workflow's queue or partition — is SIGKILLed "
                + "(RabbitMQ) or taken down with its leaderships elected elsewhere (the Kafka mock) and back after "
                + "restart_after_ms; the others carry on"
        case .brokerNodePaused:
            "one node of a replicated broker — the one leading the workflow's queue or partition — is frozen "
                + "(SIGSTOP; the Kafka mock holds its every answer) for the window, then thawed: its sockets stay "
                + "open, nothing answers"
        case .quorumLost:
            "two of a replicated broker's three nodes — the queue's leader among them — are SIGKILLed for the "
                + "window, then started again: what cannot be replicated to a majority must be refused, not lost"
        case .poisonInput:
            "share of the requests are malformed, and messages malformed events are written to the transport"
        case .duplicateDelivery:
            "share of the orders are sent twice, and messages events are written twice with one message id"
        case .linkPartition:
            "the order path cut both ways for the window: nothing passes between the order service and where it "
                + "sends orders (its broker; in A, the inventory)"
        case .linkHalfOpen:
            "the order path half-open for the window: the order service's packets arrive, nothing comes back"
        case .linkLoss: "the order path drops that share (loss) of its packets, both ways, for the window"
        case .linkReset:
            "the order path resets for the window: every packet the order service sends is answered with a TCP reset"
        case .linkLatency:
            "the order path's packets toward where the order service sends orders held latency_ms ± jitter_ms "
                + "(uniform, in order) for the window; replies are not held, so each round trip grows by one delay"
        case .linkBandwidth:
            "the order path passes at most rate_kbit_s each way for the window; what exceeds it waits in a queue"
        case .consumerLinkPartition:
            "the inventory consumer's link to its broker cut both ways for the window (both keep running)"
        case .consumerLinkLoss:
            "the inventory consumer's link to its broker drops that share (loss) of its packets, both ways"
        case .readerLinkPartition:
            "the link to the order's other reader cut both ways for the window: in A the order service's calls to "
                + "the notification service, in B the notification consumer's link to its broker, in C and D the "
                + "analytics reader's"
        case .clientLinkHalfOpen:
            "the client's link to the order service half-open for the window: requests arrive and are handled, "
                + "answers are dropped (TCP sends them again after the heal, unless the client has given up)"
        }
    }

    /// Where the fault acts.
    public var target: FaultTarget {
        switch self {
        case .baseline: .nothing
        case .inventorySlow, .inventoryFailing: .servicePlan(role: "inventory")
        case .inventoryDown: .process(role: "inventory")
        case .consumerCrash: .process(role: "inventory consumer")
        case .brokerPaused, .brokerCrash: .broker
        case .brokerNodeLost, .brokerNodePaused, .quorumLost: .brokerNode
        case .poisonInput, .duplicateDelivery: .input
        case .linkPartition, .linkHalfOpen, .linkLoss, .linkReset, .linkLatency, .linkBandwidth: .orderLink
        case .consumerLinkPartition, .consumerLinkLoss: .consumerLink
        case .readerLinkPartition: .readerLink
        case .clientLinkHalfOpen: .clientLink
        }
    }

    /// What a model must have for the fault to apply; a model without it reports "n/a" with its reason.
    public var requirement: FaultRequirement {
        switch self {
        case .baseline, .inventorySlow, .inventoryFailing, .inventoryDown, .poisonInput, .duplicateDelivery: .nothing
        case .consumerCrash: .consumer
        case .brokerPaused: .pausableBroker
        case .brokerCrash: .crashableBroker
        case .brokerNodeLost, .brokerNodePaused, .quorumLost: .replicatedBroker
        case .linkPartition, .linkHalfOpen, .linkLoss, .linkReset, .linkLatency, .linkBandwidth: .cuttableOrderLink
        case .consumerLinkPartition, .consumerLinkLoss: .cuttableConsumerLink
        case .readerLinkPartition: .cuttableReaderLink
        case .clientLinkHalfOpen: .cuttableClientLink
        }
    }

    /// The fault's parameters, as the workload file names them.
    public var parameters: [FaultParameter] {
        switch self {
        case .baseline, .inventoryDown, .brokerPaused, .brokerNodePaused, .quorumLost, .linkPartition,
            .linkHalfOpen, .linkReset,
            .consumerLinkPartition, .readerLinkPartition, .clientLinkHalfOpen:
            []
        case .linkLoss, .consumerLinkLoss: [.loss]
        case .linkLatency: [.latency, .jitter]
        case .linkBandwidth: [.rate]
        case .inventorySlow: [.delay]
        case .inventoryFailing: [.errorRate]
        case .consumerCrash, .brokerCrash, .brokerNodeLost: [.restartAfter]
        case .poisonInput, .duplicateDelivery: [.share, .messages]
        }
    }

    /// True when the fault is held for its window and must be ended (the others act once, at its start).
    public var lastsForItsWindow: Bool {
        switch self {
        case .inventorySlow, .inventoryFailing, .inventoryDown, .brokerPaused, .brokerNodePaused, .quorumLost,
            .linkPartition, .linkHalfOpen,
            .linkLoss, .linkReset, .linkLatency, .linkBandwidth, .consumerLinkPartition, .consumerLinkLoss,
            .readerLinkPartition, .clientLinkHalfOpen:
            true
        case .baseline, .consumerCrash, .brokerCrash, .brokerNodeLost, .poisonInput, .duplicateDelivery: false
        }
    }

    /// What a report calls a window of this fault with `values` (by parameter key).
    public func label(_ values: [String: Double]) -> String {
        func percent(_ key: String) -> Int { Int(((values[key] ?? 0) * 100).rounded()) }
        func whole(_ key: String) -> Int { Int(values[key] ?? 0) }
        return switch self {
        case .baseline: "baseline"
        case .inventorySlow: "inventory slow (+\(whole("delay_ms")) ms)"
        case .inventoryFailing: "inventory failing (\(percent("error_rate"))% error)"
        case .inventoryDown: "inventory down (stopped, then restarted)"
        case .consumerCrash: "consumer crash (SIGKILL, restart after \(whole("restart_after_ms")) ms)"
        case .brokerPaused: "broker unreachable (SIGSTOP, then SIGCONT)"
        case .brokerCrash: "broker crash (SIGKILL, started again after \(whole("restart_after_ms")) ms)"
        case .brokerNodeLost:
            "broker node lost (the node leading the queue or partition killed, back after \(whole("restart_after_ms")) ms)"
        case .brokerNodePaused: "broker node paused (the leading node answers nothing, then resumes)"
        case .quorumLost: "quorum lost (two of three nodes down for the window)"
        case .poisonInput: "poison input (\(percent("share"))% bad requests, \(whole("messages")) bad messages)"
        case .duplicateDelivery:
            "duplicate delivery (\(percent("share"))% sent twice, \(whole("messages")) messages twice)"
        case .linkPartition: "link partition (order path, both ways)"
        case .linkHalfOpen: "link half-open (order path, replies dropped)"
        case .linkLoss: "link loss (order path, \(percent("loss"))% of packets)"
        case .linkReset: "link reset (order path, TCP RST)"
        case .linkLatency: "link latency (order path, +\(whole("latency_ms")) ± \(whole("jitter_ms")) ms)"
        case .linkBandwidth: "link bandwidth (order path, \(whole("rate_kbit_s")) kbit/s each way)"
        case .consumerLinkPartition: "consumer link partition (inventory ↔ broker)"
        case .consumerLinkLoss: "consumer link loss (inventory ↔ broker, \(percent("loss"))% of packets)"
        case .readerLinkPartition: "reader link partition (A: order → notification; else reader ↔ broker)"
        case .clientLinkHalfOpen: "client link half-open (client → order service, answers dropped)"
        }
    }

    /// Every parameter key any fault takes: what a fault window may carry besides its kind.
    public static var parameterKeys: Set<String> { Set(allCases.flatMap(\.parameters).map(\.key)) }
}

/// Where a fault acts.
public enum FaultTarget: Sendable, Hashable, CustomStringConvertible {
    case nothing
    /// The fault plan of a role's services (delay, errors), set through their admin API.
    case servicePlan(role: String)
    /// A role's process, stopped or killed by the lab's supervisor.
    case process(role: String)
    /// The broker's process.
    case broker
    /// One node of a replicated broker.
    case brokerNode
    /// What the client and the transport are given.
    case input
    /// The order service's connections to where it sends orders.
    case orderLink
    /// The inventory consumer's connections to its broker.
    case consumerLink
    /// The connections to the order's other reader: A's order service to notification, a brokered model's
    /// other reader to its broker.
    case readerLink
    /// The lab's own client's connections to the order service.
    case clientLink

    public var description: String {
        switch self {
        case .nothing: "nothing"
        case .servicePlan(let role): "the \(role)'s fault plan"
        case .process(let role): "the \(role)'s process"
        case .broker: "the broker's process"
        case .brokerNode: "one node of the replicated broker"
        case .input: "the requests and messages"
        case .orderLink: "the order service's link to where it sends orders"
        case .consumerLink: "the inventory consumer's link to its broker"
        case .readerLink: "the link to the order's other reader (notification or analytics)"
        case .clientLink: "the client's link to the order service"
        }
    }
}

/// What a model needs for a fault to apply.
public enum FaultRequirement: Sendable, Hashable {
    case nothing
    /// A consumer process (a model whose inventory answers requests has none).
    case consumer
    /// A broker the lab started and whose engine can freeze it.
    case pausableBroker
    /// A broker the lab started and whose engine can kill it and start it again from its data.
    case crashableBroker
    /// A replicated broker the lab started, one of whose nodes it can kill and start again.
    case replicatedBroker
    /// An order service whose link the lab can cut (its own process, with the kernel's help).
    case cuttableOrderLink
    /// An inventory consumer whose link to its broker the lab can cut.
    case cuttableConsumerLink
    /// A link to the order's other reader the lab can cut.
    case cuttableReaderLink
    /// An order service on loopback, whose clients' link the lab can cut (as root).
    case cuttableClientLink
}

/// One parameter of a fault: its key in the workload file, what it means, and the values it takes.
public struct FaultParameter: Sendable, Hashable {
    public var key: String
    public var meaning: String
    /// Smallest and largest value; `lowerExcluded` / `upperExcluded` when that bound itself is refused.
    public var range: ClosedRange<Double>
    public var lowerExcluded: Bool
    public var upperExcluded = false
    /// What the demo's button uses.
    public var demoValue: Double

    public init(
        key: String, meaning: String, range: ClosedRange<Double>, lowerExcluded: Bool, upperExcluded: Bool = false,
        demoValue: Double
    ) {
        self.key = key
        self.meaning = meaning
        self.range = range
        self.lowerExcluded = lowerExcluded
        self.upperExcluded = upperExcluded
        self.demoValue = demoValue
    }

    public static let delay = FaultParameter(
        key: "delay_ms", meaning: "added to each order's handling, ms", range: 0...600_000, lowerExcluded: true,
        demoValue: 200)
    public static let errorRate = FaultParameter(
        key: "error_rate", meaning: "share of requests or messages that fail", range: 0...1, lowerExcluded: true,
        upperExcluded: true, demoValue: 0.5)
    public static let restartAfter = FaultParameter(
        key: "restart_after_ms", meaning: "how long the process stays dead after its SIGKILL, ms", range: 0...600_000,
        lowerExcluded: false, demoValue: 1_000)
    public static let share = FaultParameter(
        key: "share", meaning: "share of the window's orders sent bad or twice", range: 0...1, lowerExcluded: true,
        demoValue: 1)
    public static let loss = FaultParameter(
        key: "loss", meaning: "share of the link's packets dropped", range: 0...1, lowerExcluded: true,
        upperExcluded: true, demoValue: 0.05)
    public static let latency = FaultParameter(
        key: "latency_ms", meaning: "added to each packet toward the peer, ms", range: 0...60_000,
        lowerExcluded: true, demoValue: 100)
    public static let jitter = FaultParameter(
        key: "jitter_ms", meaning: "each packet's delay varies by up to this much either way, ms", range: 0...60_000,
        lowerExcluded: false, demoValue: 20)
    public static let rate = FaultParameter(
        key: "rate_kbit_s", meaning: "the most the link passes each way, kilobits per second", range: 0...10_000_000,
        lowerExcluded: true, demoValue: 64)
    public static let messages = FaultParameter(
        key: "messages", meaning: "messages written straight to the queue or topic", range: 0...100_000,
        lowerExcluded: false, demoValue: 1)

    /// Why `value` is refused, or nil when it is taken.
    public func problem(with value: Double?) -> String? {
        guard let value else { return "missing \(key) (\(meaning))" }
        let low = lowerExcluded ? value > range.lowerBound : value >= range.lowerBound
        let high = upperExcluded ? value < range.upperBound : value <= range.upperBound
        guard low, high, value.isFinite else {
            let lower = "\(Self.format(range.lowerBound)) \(lowerExcluded ? "<" : "≤")"
            let upper = "\(upperExcluded ? "<" : "≤") \(Self.format(range.upperBound))"
            return "\(key) must be \(lower) \(key) \(upper), got \(Self.format(value))"
        }
        return nil
    }

    private static func format(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }
}
