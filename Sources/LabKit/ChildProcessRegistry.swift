import Foundation
import Synchronization
import UnixSignals

/// Every process the lab started and has not yet stopped, so that an
/// interrupted run (Ctrl-C, SIGTERM) stops them instead of leaving them behind.
///
/// An interrupt can land at any moment, also while something is being
/// started. Starts that leave a process outside the lab's own process group
/// (a broker started detached) therefore run inside ``starting(_:)``: the
/// interrupt waits for them to finish (or to give up) and for the stops they
/// registered, and a start that begins after the interrupt is refused.
public enum ChildProcessRegistry {
    private struct State {
        var pids: Set<Int32> = []
        /// Stops for what is not our child process: brokers started detached (setsid).
        var cleanups: [Int: @Sendable () async -> Void] = [:]
        var nextCleanup = 0
        /// Starts under way (see ``starting(_:)``); the interrupt waits until none is.
        var startsInFlight = 0
        /// Set once an interrupt began stopping everything: a process started
        /// after that (a restart racing the interrupt) would outlive the run.
        var interrupted = false
    }

    private static let state = Mutex(State())

    public static var isInterrupted: Bool { state.withLock { $0.interrupted } }

    /// After an interrupt, waits for its handler to finish stopping everything
    /// and end the process, so the caller writes nothing half-done and does not
    /// exit while a broker is still being stopped.
    public static func parkIfInterrupted() async {
        guard isInterrupted else { return }
        while true { try? await Task.sleep(for: .seconds(1)) }
    }

    /// Registers a child; if the run is being interrupted, stops it at once instead.
    public static func add(_ pid: Int32) {
        let stopNow = state.withLock { state in
            if !state.interrupted { state.pids.insert(pid) }
            return state.interrupted
        }
        if stopNow { kill(pid, SIGKILL) }
    }

    public static func remove(_ pid: Int32) { _ = state.withLock { $0.pids.remove(pid) } }

    /// Runs `stop` if the run is interrupted; returns a token for ``removeCleanup(_:)``.
    /// Registered while an interrupt is under way (from inside ``starting(_:)``),
    /// it still runs: the interrupt drains cleanups until none is left.
    public static func addCleanup(_ stop: @escaping @Sendable () async -> Void) -> Int {
        state.withLock { state in
            state.nextCleanup += 1
            state.cleanups[state.nextCleanup] = stop
            return state.nextCleanup
        }
    }

    /// The thing was stopped normally; nothing to do on interrupt.
    public static func removeCleanup(_ token: Int) {
        _ = state.withLock { $0.cleanups.removeValue(forKey: token) }
    }

    /// Runs `start`, which launches something the interrupt must stop and
    /// registers its stop with ``addCleanup(_:)`` before it returns. Refused
    /// with ``Interrupted`` once an interrupt began; an interrupt that lands
    /// while `start` runs waits for it (its waits should give up early: see
    /// ``isInterrupted``) and then runs the stop it registered.
    public static func starting<T>(_ start: () async throws -> T) async throws -> T {
        try state.withLock { state throws(Interrupted) in
            if state.interrupted { throw Interrupted() }
            state.startsInFlight += 1
        }
        defer { state.withLock { $0.startsInFlight -= 1 } }
        return try await start()
    }

    /// Sends SIGTERM to every registered child, waits briefly, then SIGKILL;
    /// then waits for starts under way and runs every registered stop.
    public static func terminateAll(startsLimit: Duration = .seconds(90)) async {
        let children = state.withLock { $0.pids }
        for pid in children { kill(pid, SIGCONT); kill(pid, SIGTERM) }
        // The children are reaped by the tasks that launched them; a reaped pid no longer answers kill(pid, 0).
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(3)
        while clock.now < deadline, children.contains(where: { kill($0, 0) == 0 }) {
            try? await Task.sleep(for: .milliseconds(20))
        }
        for pid in children where kill(pid, 0) == 0 { kill(pid, SIGKILL) }
        // A start under way registers its stop when it ends (or stops what it made when it gives up).
        let startsDeadline = clock.now + startsLimit
        while clock.now < startsDeadline, state.withLock({ $0.startsInFlight > 0 }) {
            try? await Task.sleep(for: .milliseconds(20))
        }
        while true {
            let stops = state.withLock { state in
                defer { state.cleanups.removeAll() }
                return Array(state.cleanups.values)
            }
            if stops.isEmpty { break }
            for stop in stops { await stop() }
        }
    }

    /// Marks the run as interrupted and stops everything it started; what
    /// ``stopChildrenOnInterrupt()`` does on a signal, callable on its own.
    public static func interrupt() async {
        state.withLock { $0.interrupted = true }
        await terminateAll()
    }

    /// On SIGINT or SIGTERM: stop the children, say so, and exit with 130/143.
    public static func stopChildrenOnInterrupt() {
        Task.detached {
            let signals = await UnixSignalsSequence(trapping: .sigint, .sigterm)
            for await signal in signals {
                FileHandle.standardError.write(Data("\ncommlab: interrupted; stopping the services it started\n".utf8))
                await interrupt()
                FileHandle.standardError.write(Data("commlab: everything it started is stopped\n".utf8))
                exit(128 + signal.rawValue)
            }
        }
    }
}

/// A start refused (or given up) because the run is being interrupted.
public struct Interrupted: Error, CustomStringConvertible {
    public init() {}
    public var description: String { "interrupted: nothing more is started" }
}
