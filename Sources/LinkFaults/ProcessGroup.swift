import Foundation
import LabKit

/// A cgroup v2 group for one lab's service processes, one child group per
/// role: a process started in it (see ``launchPath(for:)``) has every socket
/// it opens marked with its group, which is what an iptables rule on that
/// group matches. Removed (empty) when the lab stops.
public struct ProcessGroup: Sendable {
    /// The group's path under the cgroup v2 root, e.g. `commlab-4242-async-queue`.
    public let relativePath: String
    let root: String

    /// A group named for this process and `lab`; nil (with the reason from
    /// ``LinkFaultSupport/unavailable``) when link faults are not available here.
    public static func make(lab: String) -> ProcessGroup? {
        guard LinkFaultSupport.unavailable == nil, let root = LinkFaultSupport.cgroupRoot else { return nil }
        let name = "\(LinkFaultSupport.groupPrefix)\(getpid())-\(lab)"
        let group = ProcessGroup(relativePath: name, root: root)
        // A service leaves its group when the lab stops it; on Ctrl-C the processes are killed by pid instead,
        // so the groups go once they are: nothing of the run is left in the kernel.
        _ = ChildProcessRegistry.addCleanup { await group.removeOnceEmpty() }
        return group
    }

    /// Removes the groups, waiting up to a second for processes just killed to leave them.
    public func removeOnceEmpty() async {
        for _ in 0..<20 {
            guard !remove().isEmpty else { return }
            try? await Task.sleep(for: .milliseconds(50))
        }
    }

    /// The lab's group folder; each role's group is a folder in it, made when the role starts.
    public var folder: String { "\(root)/\(relativePath)" }

    /// What an iptables `-m cgroup --path` names for the group folder `path` (absolute), or nil when it is
    /// not under the cgroup v2 root.
    public static func matchPath(of path: String) -> String? {
        guard let root = LinkFaultSupport.cgroupRoot, path.hasPrefix(root + "/") else { return nil }
        return String(path.dropFirst(root.count + 1))
    }

    /// Removes the role groups and the lab's group; a group still holding a process stays (and says so).
    public func remove() -> [String] {
        let top = "\(root)/\(relativePath)"
        var left: [String] = []
        let roles = (try? FileManager.default.contentsOfDirectory(atPath: top)) ?? []
        for role in roles {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: "\(top)/\(role)", isDirectory: &isFolder), isFolder.boolValue
            else { continue }
            if rmdir("\(top)/\(role)") != 0 { left.append("\(top)/\(role)") }
        }
        if rmdir(top) != 0, FileManager.default.fileExists(atPath: top) { left.append(top) }
        return left
    }

    /// Groups earlier runs left under the root whose lab process is gone: removed when empty.
    public static func removeAbandoned() {
        guard let root = LinkFaultSupport.cgroupRoot,
            let entries = try? FileManager.default.contentsOfDirectory(atPath: root)
        else { return }
        for entry in entries where entry.hasPrefix(LinkFaultSupport.groupPrefix) {
            let pid = entry.dropFirst(LinkFaultSupport.groupPrefix.count).split(separator: "-").first.flatMap {
                Int32($0)
            }
            guard let pid, kill(pid, 0) != 0 else { continue }
            _ = ProcessGroup(relativePath: entry, root: root).remove()
        }
    }
}
