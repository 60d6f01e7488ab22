import Foundation

/// CPU time (user + system) a process has used so far, read from
/// `/proc/<pid>/stat`, so a benchmark can say which process its time went to.
public enum ProcessCPUTime {
    /// Seconds of CPU used by `pid`, or nil where /proc is not available.
    public static func seconds(pid: Int32) -> Double? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return nil }
        // Fields after the command name (which may hold spaces) start at field 3;
        // utime and stime are fields 14 and 15.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// Seconds of CPU used by all the processes together, or nil if any of them cannot be read.
    public static func total(_ pids: [String: Int32]) -> Double? {
        let figures = pids.values.map(seconds(pid:))
        guard figures.allSatisfy({ $0 != nil }) else { return nil }
        return figures.compactMap { $0 }.reduce(0, +)
    }
}
