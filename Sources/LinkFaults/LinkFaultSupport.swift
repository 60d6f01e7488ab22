import Foundation
import LabKit

/// What the kernel offers here for cutting one process's links, found once:
/// cgroup v2 (to tell a process's packets apart on loopback, where every
/// service shares one address) and iptables with its `cgroup`, `connmark`
/// and `statistic` matches, run as root. Without them a link fault is "n/a"
/// with ``unavailable`` as the reason.
public enum LinkFaultSupport {
    /// Where the cgroup v2 hierarchy is mounted (`/sys/fs/cgroup` on a v2-only
    /// system, `/sys/fs/cgroup/unified` on a hybrid one), from `/proc/mounts`.
    public static let cgroupRoot: String? = {
        guard let mounts = try? String(contentsOfFile: "/proc/mounts", encoding: .utf8) else { return nil }
        for line in mounts.split(separator: "\n") {
            let fields = line.split(separator: " ")
            if fields.count > 2, fields[2] == "cgroup2" { return String(fields[1]) }
        }
        return nil
    }()

    /// Why the lab cannot cut a link here, or nil when it can.
    public static var unavailable: String? {
        unavailable(
            root: geteuid() == 0,
            cgroupRoot: cgroupRoot.flatMap { FileManager.default.isWritableFile(atPath: $0) ? $0 : nil },
            hasIptables: ExternalCommand.find("iptables") != nil)
    }

    /// The reason for what this machine offers: `root` (the effective user), a writable cgroup v2 root, iptables.
    static func unavailable(root: Bool, cgroupRoot: String?, hasIptables: Bool) -> String? {
        guard root else {
            return "link faults need root: they are iptables rules on the process's cgroup (run as root on Linux)"
        }
        guard cgroupRoot != nil else {
            return "link faults need a writable cgroup v2 hierarchy (none is mounted here)"
        }
        guard hasIptables else {
            return "link faults need iptables (Debian package iptables)"
        }
        return nil
    }

    /// The comment every rule the lab adds carries, so it can be told apart and found when left over.
    public static let ruleTag = "commlab-link"
    /// What every cgroup the lab makes is called under the root.
    public static let groupPrefix = "commlab-"
}

extension LinkFaultSupport {
    /// Before a lab starts services in cgroups: empty groups an earlier run
    /// left are removed; rules an earlier run left (it was killed before it
    /// could remove them) stop the start, with how to clear them — they would
    /// cut links of this run.
    public static func prepareForRun() async throws {
        guard unavailable == nil else { return }
        ProcessGroup.removeAbandoned()
        let left = await LinkCut.leftovers()
        guard left.isEmpty else { throw LeftoverLinkRules(rules: left) }
    }
}

/// Rules an earlier run left in the kernel.
public struct LeftoverLinkRules: Error, CustomStringConvertible {
    public var rules: [String]

    public var description: String {
        "iptables rules of an earlier commlab run are still in place (\(rules.count)): \(rules.joined(separator: "; ")); "
            + LinkCut.clearingAdvice
    }
}
