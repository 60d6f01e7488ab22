import AsyncHTTPClient
import Foundation

/// One lab service running as its own `commlab serve …` process: started on a
/// free loopback port, awaited until healthy, and stopped, killed, paused or
/// restarted (on the same port) to inject outages.
public actor ServiceProcess {
    public nonisolated let launch: ServiceLaunch
    private var process: ChildProcess?
    /// The port bound by the first start; restarts reuse it so callers keep their URL.
    public private(set) var port: Int?

    public init(_ launch: ServiceLaunch) {
        self.launch = launch
    }

    /// `http://127.0.0.1:PORT`, once started.
    public var baseURL: String {
        get throws {
            guard let port else { throw ServiceProcessError.notRunning(service: launch.name) }
            return "http://127.0.0.1:\(port)"
        }
    }

    public var isRunning: Bool { process?.isRunning ?? false }

    public var pid: Int32? { process?.pid }

    /// Starts the process (on the remembered port after a first start) and
    /// waits until it has bound its port and answers `GET /health`.
    public func start(http: HTTPClient, timeout: Duration = .seconds(30)) async throws {
        if isRunning { return }
        let portFile = launch.logPath + ".port"
        try? FileManager.default.removeItem(atPath: portFile)
        let command = launch.command(extraArguments: ["--port", String(port ?? 0), "--port-file", portFile])
        let process = try await ChildProcess.launch(
            command.executable, arguments: command.arguments, environment: launch.environment,
            logPath: launch.logPath)
        self.process = process
        ChildProcessRegistry.add(process.pid)

        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        while clock.now < deadline {
            if let status = process.exitCode {
                ChildProcessRegistry.remove(process.pid)
                throw ServiceProcessError.exitedDuringStart(service: launch.name, status: status, logTail: logTail())
            }
            if let text = try? String(contentsOfFile: portFile, encoding: .utf8),
                let bound = Int(text.trimmingCharacters(in: .whitespacesAndNewlines))
            {
                port = bound
                if await isHealthy(http: http) { return }
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        try await kill()
        throw ServiceProcessError.notReady(service: launch.name, waitedSeconds: timeout.seconds, logTail: logTail())
    }

    /// How a graceful stop went.
    public enum StopOutcome: Sendable, Equatable {
        case notRunning
        /// It exited by itself after SIGTERM, this long after it.
        case exited(after: Duration)
        /// It was still running after the grace period and was killed.
        case killed
    }

    /// Graceful stop: SIGTERM, then SIGKILL if it has not exited in `grace`.
    @discardableResult
    public func stop(grace: Duration = .seconds(30)) async throws -> StopOutcome {
        guard let process, process.isRunning else { return .notRunning }
        let clock = ContinuousClock()
        let start = clock.now
        process.send(SIGTERM)
        var outcome = StopOutcome.exited(after: .zero)
        if await process.waitForExit(upTo: grace) {
            outcome = .exited(after: clock.now - start)
        } else {
            process.send(SIGKILL)
            await process.waitForExit(upTo: .seconds(5))
            outcome = .killed
        }
        ChildProcessRegistry.remove(process.pid)
        leaveGroup()
        return outcome
    }

    /// Waits for the process to exit by itself (an injected crash); true once it has.
    public func waitUntilExited(upTo limit: Duration) async -> Bool {
        guard let process else { return true }
        let exited = await process.waitForExit(upTo: limit)
        if exited {
            ChildProcessRegistry.remove(process.pid)
            leaveGroup()
        }
        return exited
    }

    /// A crash: SIGKILL, nothing flushed.
    public func kill() async throws {
        guard let process, process.isRunning else { return }
        process.send(SIGKILL)
        await process.waitForExit(upTo: .seconds(5))
        ChildProcessRegistry.remove(process.pid)
        leaveGroup()
    }

    /// Removes the process's cgroup once it is empty, and the lab's group once
    /// no role is left in it (a start makes them again); nothing is left configured.
    private func leaveGroup() {
        guard let cgroup = launch.cgroup else { return }
        if rmdir(cgroup) == 0 {
            _ = rmdir(URL(fileURLWithPath: cgroup).deletingLastPathComponent().path)
        }
    }

    /// Freezes the process (SIGSTOP): its port stays open but nothing answers.
    /// Returns once every thread is stopped: `kill` only queues the signal, and
    /// under load a request can still be answered before it lands.
    public func pause() async throws {
        guard let process, process.isRunning else { throw ServiceProcessError.notRunning(service: launch.name) }
        await ProcessPause.stop(process.pid)
    }

    /// Thaws a paused process (SIGCONT).
    public func resume() throws {
        guard let process, process.isRunning else { throw ServiceProcessError.notRunning(service: launch.name) }
        process.send(SIGCONT)
    }

    /// Stops and starts again on the same port.
    public func restart(http: HTTPClient) async throws {
        try await stop()
        try await start(http: http)
    }

    private func isHealthy(http: HTTPClient) async -> Bool {
        guard let url = try? baseURL + "/health" else { return false }
        do {
            let response = try await http.execute(HTTPClientRequest(url: url), timeout: .seconds(1))
            _ = try await response.body.collect(upTo: 4096)
            return response.status == .ok
        } catch {
            return false
        }
    }

    private func logTail(lines: Int = 15) -> String {
        guard let text = try? String(contentsOfFile: launch.logPath, encoding: .utf8) else { return "(no log)" }
        return text.split(separator: "\n").suffix(lines).joined(separator: "\n")
    }
}
