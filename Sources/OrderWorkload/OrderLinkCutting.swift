import Brokers
import LabKit
import LinkFaults

/// A model whose order path — the order service's connections to where it
/// sends orders (its broker; in A, the inventory) — the lab can cut, with the
/// kernel's help: the order service runs in a cgroup of its own.
public protocol OrderLinkCutting: ComparedLab {
    /// The service that takes `POST /order` and sends each order on.
    var orderService: ServiceProcess { get }
    /// The loopback port the order service sends orders to; nil with the reason when there is none.
    var orderPathPort: Result<Int, NotApplicable> { get async }
    /// How long the order service waits downstream before it answers with a refusal.
    var orderDeadline: Duration { get }
    /// How the order service finds a half-open connection to where it sends orders; nil when it keeps no
    /// connection to give up (each call has its own deadline).
    var halfOpenDetection: LinkLossDetection? { get }
}

/// How a service notices that a connection it keeps open carries nothing back, and within what bound.
public struct LinkLossDetection: Sendable, Hashable {
    /// From the cut to the service giving the connection up, at most.
    public var bound: Duration
    /// The settings that decide it, as a report names them.
    public var setting: String
    /// What the service's log says when it gives a connection up.
    public var logPhrase: String

    public init(bound: Duration, setting: String, logPhrase: String) {
        self.bound = bound
        self.setting = setting
        self.logPhrase = logPhrase
    }
}

/// A service's link to a peer, as a link fault needs it.
public struct ServiceLink: Sendable, Equatable {
    /// The service's cgroup, as iptables names it; nil for any local process (the lab's own client).
    public var group: String?
    public var peerPort: Int

    /// A link, as a fault names it in the event log.
    public var description: String { "\(group.map { "cgroup \($0)" } ?? "any local process") → 127.0.0.1:\(peerPort)" }

    /// The link from `service` (the `role` a reason names) to `port`, or why it cannot be cut here.
    static func of(
        _ service: ServiceProcess, role: String, port: @Sendable () async -> Result<Int, NotApplicable>
    ) async -> Result<ServiceLink, NotApplicable> {
        if let reason = unavailable(service, role: role) { return .failure(reason) }
        guard let folder = service.launch.cgroup, let group = ProcessGroup.matchPath(of: folder) else {
            return .failure(NotApplicable("the \(role) was not started in a cgroup of its own"))
        }
        return await port().map { ServiceLink(group: group, peerPort: $0) }
    }

    /// Why no link of `service` can be cut here (no root, no cgroup of its own), or nil.
    static func unavailable(_ service: ServiceProcess, role: String) -> NotApplicable? {
        if let reason = LinkFaultSupport.unavailable { return NotApplicable(reason) }
        guard service.launch.cgroup != nil else {
            return NotApplicable("the \(role) was not started in a cgroup of its own")
        }
        return nil
    }
}

extension LinkLossDetection {
    /// An AMQP client that gives its connection up after two heartbeats without a byte from the broker; its
    /// connection thread looks once a second. The publisher says "; connecting again" when it finds it gone.
    public static func amqpHeartbeat(seconds: Int) -> LinkLossDetection {
        LinkLossDetection(
            bound: .seconds(2 * seconds + 2),
            setting: "AMQP heartbeat \(seconds) s, given up after two missed", logPhrase: "; connecting again")
    }

    /// librdkafka gives a connection up when a request has gone unanswered for `socket.timeout.ms`; it scans
    /// for those once a second and logs "timed out".
    public static func kafkaSocketTimeout(milliseconds: Int) -> LinkLossDetection {
        LinkLossDetection(
            bound: .milliseconds(milliseconds + 2_000),
            setting: "librdkafka socket.timeout.ms \(milliseconds) ms", logPhrase: "timed out")
    }
}

extension OrderLinkCutting {
    /// The order path, or why it cannot be cut here.
    public var orderLink: Result<ServiceLink, NotApplicable> {
        get async { await ServiceLink.of(orderService, role: "order service") { await orderPathPort } }
    }
}

/// A model whose inventory consumer reads from a broker the lab can cut it from.
public protocol ConsumerLinkCutting: ComparedLab {
    /// The inventory consumer's process.
    var consumerService: ServiceProcess { get }
    /// The loopback port it reads from; the reason when there is none.
    var consumerPathPort: Result<Int, NotApplicable> { get async }
}

extension ConsumerLinkCutting {
    /// The consumer's link, or why it cannot be cut here.
    public var consumerLink: Result<ServiceLink, NotApplicable> {
        get async { await ServiceLink.of(consumerService, role: "inventory consumer") { await consumerPathPort } }
    }
}

/// A model whose link to the order's other reader — the one that is not the inventory: A's notification
/// service, which the order service calls; B's notification consumer; the log models' analytics reader —
/// the lab can cut.
public protocol ReaderLinkCutting: ComparedLab {
    /// The process at this end of the link, whose cgroup the cut matches.
    var readerLinkService: ServiceProcess { get }
    /// What a reason calls that process.
    var readerLinkRole: String { get }
    /// The loopback port at the other end; the reason when there is none.
    var readerLinkPort: Result<Int, NotApplicable> { get async }
}

extension ReaderLinkCutting {
    /// The link, or why it cannot be cut here.
    public var readerLink: Result<ServiceLink, NotApplicable> {
        get async { await ServiceLink.of(readerLinkService, role: readerLinkRole) { await readerLinkPort } }
    }
}

extension ReaderLinkCutting where Self: BrokeredOrderLab {
    /// A brokered model's other reader reads from the broker.
    public var readerLinkPort: Result<Int, NotApplicable> { get async { brokerLinkPort } }
}

extension LabBroker {
    /// The broker's port when it listens on loopback (where the lab's link faults act); nil otherwise.
    public var loopbackPort: Int? { LoopbackAddress.port(in: address) }
}

/// Where the lab's link faults can act: a port on loopback.
enum LoopbackAddress {
    /// The port of `address` (`scheme://user:pass@host:port/…`, `host:port`, the first of a list) when its
    /// host is loopback; nil otherwise.
    static func port(in address: String) -> Int? {
        var rest = Substring(address)
        if let scheme = rest.range(of: "://") { rest = rest[scheme.upperBound...] }
        if let credentials = rest.lastIndex(of: "@") { rest = rest[rest.index(after: credentials)...] }
        let hostAndPort = rest.split(separator: "/").first.map(String.init) ?? ""
        let first = hostAndPort.split(separator: ",").first.map(String.init) ?? ""
        let parts = first.split(separator: ":")
        guard parts.count == 2, ["127.0.0.1", "localhost"].contains(String(parts[0])) else { return nil }
        return Int(parts[1])
    }
}
