import Foundation

/// Resident memory of a process, read from `/proc/<pid>/status`.
public enum ProcessMemory {
    /// The most resident memory `pid` has had since it started (`VmHWM`), in MiB;
    /// nil where /proc is not available or the process is gone.
    public static func peakResidentMiB(pid: Int32) -> Double? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count >= 2, let kib = Double(fields[1]) else { return nil }
            return kib / 1024
        }
        return nil
    }
}
