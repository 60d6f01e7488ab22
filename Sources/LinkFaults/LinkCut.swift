import Foundation
import LabKit

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
    }

    public var kind: Kind
    /// The process's cgroup, as `iptables -m cgroup --path` names it.
    public var group: String
    /// The loopback port the process connects to.
    public var peerPort: Int
    /// A connection mark of this cut's own (1…0xFFFF, from the port and the group).
    var mark: String

    public init(_ kind: Kind, group: String, peerPort: Int) {
        self.kind = kind
        self.group = group
        self.peerPort = peerPort
        var hash: UInt32 = 2_166_136_261
        for byte in "\(group):\(peerPort)".utf8 { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
        mark = "0x\(String((hash % 0xFFFE) + 1, radix: 16))"
    }

    private var tag: [String] { ["-m", "comment", "--comment", "\(LinkFaultSupport.ruleTag) \(getpid())"] }

    /// The rules, as (table, rule after the chain name).
    var rules: [(table: String, rule: [String])] {
        let port = String(peerPort)
        let marking = (
            "mangle",
            ["-p", "tcp", "-d", "127.0.0.1", "--dport", port, "-m", "cgroup", "--path", group] + tag
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
            }
        return [marking, ("filter", fault)]
    }

    /// Adds the rules; throws with iptables' own words when it refuses (nothing is left half-added).
    public func apply() async throws {
        var added: [(table: String, rule: [String])] = []
        for rule in rules {
            do {
                try await Self.iptables(["-w", "-t", rule.table, "-A", "OUTPUT"] + rule.rule)
                added.append(rule)
            } catch {
                for done in added { try? await Self.iptables(["-w", "-t", done.table, "-D", "OUTPUT"] + done.rule) }
                throw error
            }
        }
    }

    /// Removes the rules; ones already gone are not an error.
    public func remove() async {
        for rule in rules.reversed() {
            try? await Self.iptables(["-w", "-t", rule.table, "-D", "OUTPUT"] + rule.rule)
        }
    }

    /// The lab's rules left in the kernel by a run that is no longer running
    /// (killed before it could remove them), as `iptables -S` lines.
    public static func leftovers() async -> [String] {
        var left: [String] = []
        for table in ["mangle", "filter"] {
            guard let executable = ExternalCommand.find("iptables"),
                let listing = try? await ExternalCommand.run(executable, ["-w", "-t", table, "-S", "OUTPUT"])
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

    /// How a user clears leftovers by hand, for the error that refuses to start over them.
    public static let clearingAdvice =
        "remove them with: for t in mangle filter; do iptables -t $t -S OUTPUT | grep \(LinkFaultSupport.ruleTag) "
        + "| sed 's/^-A/-D/' | xargs -r -L1 iptables -t $t; done"

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
