import Foundation
import Synchronization
import UnixSignals

/// Every process the lab started and has not yet stopped, so that an
/// interrupted run (Ctrl-C, SIGTERM) stops them instead of leaving them behind.
public enum ChildProcessRegistry {
    private static let pids = Mutex<Set<Int32>>([])
    /// Stops for what is not our child process: brokers started detached (setsid).
    private static let cleanups = Mutex<[Int: @Sendable () async -> Void]>([:])
    private static let nextCleanup = Mutex(0)

    /// Set once an interrupt began stopping everything: a process started after
    /// that (a restart racing the interrupt) would outlive the run.
    private static let interrupted = Mutex(false)

    public static var isInterrupted: Bool { interrupted.withLock { $0 } }

    /// After an interrupt, waits for its handler to finish stopping everything
    /// and end the process, so the caller writes nothing half-done and does not
    /// exit while a broker is still being stopped.
    public static func parkIfInterrupted() async {
        guard isInterrupted else { return }
        while true { try? await Task.sleep(for: .seconds(1)) }
    }

    /// Registers a child; if the run is being interrupted, stops it at once instead.
    public static func add(_ pid: Int32) {
        let stopNow = interrupted.withLock { stopping in
            if !stopping { _ = pids.withLock { $0.insert(pid) } }
            return stopping
        }
        if stopNow { kill(pid, SIGKILL) }
    }

    /// Runs `stop` if the run is interrupted; returns a token for ``removeCleanup(_:)``.
    public static func addCleanup(_ stop: @escaping @Sendable () async -> Void) -> Int {
        let token = nextCleanup.withLock { next in
            next += 1
            return next
        }
        cleanups.withLock { $0[token] = stop }
        return token
    }

    /// The thing was stopped normally; nothing to do on interrupt.
    public static func removeCleanup(_ token: Int) {
        _ = cleanups.withLock { $0.removeValue(forKey: token) }
    }
    public static func remove(_ pid: Int32) { _ = pids.withLock { $0.remove(pid) } }

    /// Sends SIGTERM to every registered child, waits briefly, then SIGKILL.
    public static func terminateAll() async {
        let children = pids.withLock { $0 }
        for pid in children { kill(pid, SIGCONT); kill(pid, SIGTERM) }
        // The children are reaped by the tasks that launched them; a reaped pid no longer answers kill(pid, 0).
        let deadline = ContinuousClock.now + .seconds(3)
        while ContinuousClock.now < deadline, children.contains(where: { kill($0, 0) == 0 }) {
            try? await Task.sleep(for: .milliseconds(20))
        }
        for pid in children where kill(pid, 0) == 0 { kill(pid, SIGKILL) }
        let stops = cleanups.withLock { all in
            defer { all.removeAll() }
            return Array(all.values)
        }
        for stop in stops { await stop() }
    }

    /// On SIGINT or SIGTERM: stop the children, say so, and exit with 130/143.
    public static func stopChildrenOnInterrupt() {
        Task.detached {
            let signals = await UnixSignalsSequence(trapping: .sigint, .sigterm)
            for await signal in signals {
                FileHandle.standardError.write(Data("\ncommlab: interrupted; stopping the services it started\n".utf8))
                interrupted.withLock { $0 = true }
                await terminateAll()
                exit(128 + signal.rawValue)
            }
        }
    }
}
