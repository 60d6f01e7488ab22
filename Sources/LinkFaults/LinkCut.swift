import Foundation
import LabKit
import NetfilterQueue

/// One fault on one link — a process (by its cgroup) and the loopback port it
/// connects to — as iptables rules, added by ``apply()`` and removed by
/// ``remove()`` (and by the run's interrupt handler, so Ctrl-C leaves none).
///
/// Every packet the process sends to the port marks its connection
/// (`CONNMARK`, mangle table); the fault then matches the connection's mark,
/// so it acts on both directions of connections already open as well as new
/// ones. The kernel's TCP still retransmits what a rule drops: a cut shorter
/// than TCP's own timeouts delays bytes, it does not lose them — what an
/// application sees of a real partition.
public struct LinkCut: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// Nothing passes either way, on open connections or new ones.
        case partition
        /// The process's packets reach the peer; nothing comes back (replies and acknowledgements dropped).
        case halfOpen
        /// Each packet either way dropped with this probability (0…1).
        case loss(Double)
        /// Every packet the process sends is answered with a TCP reset: open connections break, new ones are refused.
        case reset
        /// Every packet the process sends toward the peer is held `delay` ± `jitter` (uniform) in user space
        /// (``PacketHolder``), in order; what comes back is not held, so a round trip grows by one delay.
        case latency(delay: Duration, jitter: Duration)
        /// Each direction passes at most this many bytes per second; what exceeds it waits in the queue
        /// (and beyond 8,192 held packets is dropped, as a full router queue drops).
        case bandwidth(bytesPerSecond: Double)
    }

    public var kind: Kind
    /// The process's cgroup, as `iptables -m cgroup --path` names it; nil for every local process that
    /// connects to the port (the link from the lab's own client to a service).
    public var group: String?
    /// The loopback port the process connects to.
    public var peerPort: Int
    /// A connection mark of this cut's own (1…0xFFFF, from the port and the group).
    var mark: String

    public init(_ kind: Kind, group: String?, peerPort: Int) {
        self.kind = kind
        self.group = group
        self.peerPort = peerPort
        var hash: UInt32 = 2_166_136_261
        for byte in "\(group ?? "*"):\(peerPort)".utf8 { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
        mark = "0x\(String((hash % 0xFFFE) + 1, radix: 16))"
    }

    private var tag: [String] { ["-m", "comment", "--comment", "\(LinkFaultSupport.ruleTag) \(getpid())"] }

    /// The netfilter queue this cut's held packets go to (its mark's number, so one per link).
    var queueNumber: UInt16 { UInt16(mark.dropFirst(2), radix: 16) ?? 1 }

    /// Whether the cut holds packets in a netfilter queue (and commlab paces them) rather than drops them.
    public var holdsPackets: Bool { pacer != nil }

    /// How held packets are paced, for the kinds that hold packets rather than drop them.
    var pacer: PacketPacer? {
        switch kind {
        case .latency(let delay, let jitter): PacketPacer(delay: delay, jitter: jitter)
        case .bandwidth(let bytesPerSecond): PacketPacer(bytesPerSecond: bytesPerSecond)
        case .partition, .halfOpen, .loss, .reset: nil
        }
    }

    /// Into this cut's queue; `--queue-bypass` lets packets pass when no program holds the queue (a run
    /// killed before it removed the rule cuts nothing).
    private var held: [String] { ["-j", "NFQUEUE", "--queue-num", String(queueNumber), "--queue-bypass"] }

    /// The rules, as (table, chain, rule after the chain name). Dropping acts as the process sends
    /// (OUTPUT); holding acts as the peer receives (INPUT), because a packet held before the loopback device
    /// still counts against its socket's TCP small queues limit, which then stops the socket from sending
    /// more: the link would be slowed by the sender's own kernel, not by the fault. Past the device it is
    /// the peer's, as a packet on a slow wire is.
    var rules: [(table: String, chain: String, rule: [String])] {
        let port = String(peerPort)
        let marking = (
            "mangle", "OUTPUT",
            ["-p", "tcp", "-d", "127.0.0.1", "--dport", port] + (group.map { ["-m", "cgroup", "--path", $0] } ?? [])
                + tag
                + ["-j", "CONNMARK", "--set-mark", mark]
        )
        let marked = ["-p", "tcp", "-m", "connmark", "--mark", mark]
        let fault: [String] =
            switch kind {
            case .partition: marked + tag + ["-j", "DROP"]
            case .halfOpen: marked + ["--sport", port] + tag + ["-j", "DROP"]
            case .loss(let probability):
                marked + ["-m", "statistic", "--mode", "random", "--probability", String(probability)] + tag
                    + ["-j", "DROP"]
            case .reset: marked + ["--dport", port] + tag + ["-j", "REJECT", "--reject-with", "tcp-reset"]
            case .latency: marked + ["--dport", port] + tag + held
            case .bandwidth: marked + tag + held
            }
        return [marking, ("filter", pacer == nil ? "OUTPUT" : "INPUT", fault)]
    }

    /// Adds the rules; throws with iptables' own words when it refuses (nothing is left half-added).
    public func apply() async throws {
        var added: [(table: String, chain: String, rule: [String])] = []
        for rule in rules {
            do {
                try await Self.iptables(["-w", "-t", rule.table, "-A", rule.chain] + rule.rule)
                added.append(rule)
            } catch {
                for done in added { try? await Self.iptables(["-w", "-t", done.table, "-D", done.chain] + done.rule) }
                throw error
            }
        }
    }

    /// Removes the rules; ones already gone are not an error.
    public func remove() async {
        for rule in rules.reversed() {
            try? await Self.iptables(["-w", "-t", rule.table, "-D", rule.chain] + rule.rule)
        }
    }

    /// The lab's rules left in the kernel by a run that is no longer running
    /// (killed before it could remove them), as `iptables -S` lines.
    public static func leftovers() async -> [String] {
        var left: [String] = []
        for (table, chain) in chains {
            guard let executable = ExternalCommand.find("iptables"),
                let listing = try? await ExternalCommand.run(executable, ["-w", "-t", table, "-S", chain])
            else { continue }
            for line in listing.output.split(separator: "\n") where line.contains(LinkFaultSupport.ruleTag) {
                // The rule's comment names the run that added it; one of a run still going is not a leftover.
                let owner = line.split(separator: "\"").dropFirst().first?.split(separator: " ").last.flatMap {
                    Int32($0)
                }
                if let owner, owner != getpid(), kill(owner, 0) == 0 { continue }
                left.append("-t \(table) \(line)")
            }
        }
        return left
    }

    /// Where the lab's rules go.
    static let chains = [("mangle", "OUTPUT"), ("filter", "OUTPUT"), ("filter", "INPUT")]

    /// How a user clears leftovers by hand, for the error that refuses to start over them.
    public static let clearingAdvice =
        "remove them with: for c in 'mangle OUTPUT' 'filter OUTPUT' 'filter INPUT'; do set -- $c; "
        + "iptables -t $1 -S $2 | grep \(LinkFaultSupport.ruleTag) | sed 's/^-A/-D/' | xargs -r -L1 iptables -t $1; done"

    static func iptables(_ arguments: [String]) async throws {
        guard let executable = ExternalCommand.find("iptables") else {
            throw LinkCutError(command: arguments, said: "iptables is not installed")
        }
        let outcome = try await ExternalCommand.run(executable, arguments)
        guard outcome.succeeded else { throw LinkCutError(command: arguments, said: outcome.output) }
    }
}

public struct LinkCutError: Error, CustomStringConvertible {
    public var command: [String]
    public var said: String

    public var description: String {
        "iptables \(command.joined(separator: " ")) failed: \(said.trimmingCharacters(in: .whitespacesAndNewlines))"
    }
}
