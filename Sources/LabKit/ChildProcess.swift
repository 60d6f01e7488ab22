import Foundation
import Subprocess
import Synchronization

#if canImport(System)
    import System
#else
    import SystemPackage
#endif

/// A process the lab started with swift-subprocess, its output appended to a
/// log file: its pid at once, and whether (and how) it has exited, without
/// polling the process table. A task of its own awaits the exit and reaps it.
public final class ChildProcess: Sendable {
    public let pid: Int32
    private let exit: Task<TerminationStatus?, Never>
    private let ended = Mutex<TerminationStatus?>(nil)

    private init(pid: Int32, exit: Task<TerminationStatus?, Never>) {
        self.pid = pid
        self.exit = exit
    }

    /// Starts `executable` and returns once it is running. `newSession` puts it
    /// in a session of its own (as `setsid` does), so a terminal's Ctrl-C does
    /// not reach it and it may outlive this process (a broker started by
    /// `commlab broker … start`).
    public static func launch(
        _ executable: String, arguments: [String], environment: [String: String] = [:],
        workingDirectory: String? = nil, logPath: String, newSession: Bool = false
    ) async throws -> ChildProcess {
        // Nothing starts once an interrupt began: it would outlive the run.
        if ChildProcessRegistry.isInterrupted { throw Interrupted() }
        let log = try FileDescriptor.open(
            FilePath(logPath), .writeOnly, options: [.append, .create],
            permissions: [.ownerReadWrite, .groupRead, .otherRead])
        var options = PlatformOptions()
        options.createSession = newSession
        let (started, reportStart) = AsyncStream.makeStream(of: Int32.self)
        let update: [Environment.Key: String?] = Dictionary(
            uniqueKeysWithValues: environment.map { (Environment.Key(stringLiteral: $0.key), $0.value) })
        let exit = Task<TerminationStatus?, Never> {
            let result = try? await run(
                .path(FilePath(executable)), arguments: Arguments(arguments), environment: .inherit.updating(update),
                workingDirectory: workingDirectory.map { FilePath($0) }, platformOptions: options, input: .none,
                output: .fileDescriptor(log, closeAfterSpawningProcess: true), error: .combinedWithOutput
            ) { execution in
                reportStart.yield(execution.processIdentifier.value)
                reportStart.finish()
            }
            reportStart.finish()
            return result?.terminationStatus
        }
        var iterator = started.makeAsyncIterator()
        guard let pid = await iterator.next() else {
            try? log.close()
            throw ChildProcessError.launchFailed(executable: executable, logPath: logPath)
        }
        let child = ChildProcess(pid: pid, exit: exit)
        Task {
            let status = await exit.value
            child.ended.withLock { $0 = status ?? .exited(-1) }
        }
        return child
    }

    public var isRunning: Bool { ended.withLock { $0 == nil } }

    /// How it ended, once it has.
    public var terminationStatus: TerminationStatus? { ended.withLock { $0 } }

    /// The exit code, or 128 + the signal, once it has ended.
    public var exitCode: Int32? {
        switch terminationStatus {
        case .exited(let code): code
        case .signaled(let signal): 128 + signal
        case nil: nil
        }
    }

    /// Sends `signal` while the process runs.
    public func send(_ signal: Int32) {
        guard isRunning else { return }
        kill(pid, signal)
    }

    /// Waits until it has exited or `limit` passed; returns whether it exited.
    @discardableResult
    public func waitForExit(upTo limit: Duration) async -> Bool {
        let clock = ContinuousClock()
        let deadline = clock.now + limit
        while isRunning, clock.now < deadline {
            try? await Task.sleep(for: .milliseconds(5))
        }
        return !isRunning
    }
}

/// A command run to completion, its output (stdout and stderr) collected.
public enum ExternalCommand {
    public struct Outcome: Sendable {
        public var status: TerminationStatus
        public var output: String

        public var succeeded: Bool { status.isSuccess }
    }

    /// The path of an installed program: on the PATH, or in `alsoIn`
    /// (a server's tools are often outside a user's PATH).
    public static func find(_ name: String, alsoIn folders: [String] = ["/usr/sbin", "/usr/bin"]) -> String? {
        let path = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init) + folders
        return path.map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    public static func run(
        _ executable: String, _ arguments: [String], environment: [String: String] = [:],
        outputLimit: Int = 1 << 20
    ) async throws -> Outcome {
        let update: [Environment.Key: String?] = Dictionary(
            uniqueKeysWithValues: environment.map { (Environment.Key(stringLiteral: $0.key), $0.value) })
        let result = try await Subprocess.run(
            .path(FilePath(executable)), arguments: Arguments(arguments), environment: .inherit.updating(update),
            output: .string(limit: outputLimit), error: .combinedWithOutput)
        return Outcome(status: result.terminationStatus, output: result.standardOutput)
    }
}

public enum ChildProcessError: Error, CustomStringConvertible {
    case launchFailed(executable: String, logPath: String)

    public var description: String {
        switch self {
        case .launchFailed(let executable, let logPath): "could not start \(executable) (log: \(logPath))"
        }
    }
}
