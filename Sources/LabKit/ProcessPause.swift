import Foundation

/// Freezing and thawing a process (SIGSTOP / SIGCONT) to inject an outage
/// whose port stays open but answers nothing.
public enum ProcessPause {
    /// Sends SIGSTOP and returns once every thread is stopped (or after 2 s):
    /// `kill` only queues the signal, and under load a request can still be
    /// answered before it lands.
    public static func stop(_ pid: Int32) async {
        kill(pid, SIGSTOP)
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(2)
        while clock.now < deadline, !allThreadsStopped(pid) {
            try? await Task.sleep(for: .milliseconds(1))
        }
    }

    public static func resume(_ pid: Int32) {
        kill(pid, SIGCONT)
    }

    /// True when /proc shows every thread of `pid` in state T (stopped).
    static func allThreadsStopped(_ pid: Int32) -> Bool {
        guard let threads = try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task"), !threads.isEmpty
        else { return false }
        return threads.allSatisfy { thread in
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/task/\(thread)/stat", encoding: .utf8),
                let close = stat.lastIndex(of: ")")
            else { return false }
            let state = stat[stat.index(close, offsetBy: 2)]
            return state == "T" || state == "t"
        }
    }
}
