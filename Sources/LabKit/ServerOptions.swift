import Faults
import ArgumentParser
import Foundation
import LabKit
import Hummingbird
import Logging

/// Options every `commlab serve …` service takes.
public struct ServerOptions: ParsableArguments {
    public init() {}

    @Option(help: "Address to listen on. Beyond loopback, /admin/* needs --admin-token.")
    public var host = "127.0.0.1"

    @Option(
        help: ArgumentHelp(
            "Token /admin/* requests must send as 'Authorization: Bearer TOKEN'. Env: COMMLAB_ADMIN_TOKEN.",
            discussion: "Required when --host is not a loopback address; ignored otherwise."))
    public var adminToken: String?

    @Option(help: "Port to listen on; 0 picks a free one (see --port-file).")
    public var port = 0

    @Option(help: "Write the bound port to this file once listening (how the lab finds a port-0 service).")
    public var portFile: String?

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical. Env: COMMLAB_LOG_LEVEL.")
    public var logLevel: Logger.Level?

    @Option(help: "Inject this delay (ms) into every business request. Env: COMMLAB_FAULT_DELAY_MS.")
    public var faultDelayMs: Int?

    @Option(help: "Answer business requests with this HTTP status. Env: COMMLAB_FAULT_STATUS.")
    public var faultStatus: Int?

    @Option(help: "Share (0…1) of business requests that get --fault-status. Env: COMMLAB_FAULT_RATE.")
    public var faultRate: Double?

    /// The starting fault plan: flags win over the environment.
    public func faultPlan() throws -> FaultPlan {
        let fromEnvironment = try FaultPlan.fromEnvironment(ProcessInfo.processInfo.environment)
        let plan = FaultPlan(
            delayMilliseconds: faultDelayMs ?? fromEnvironment.delayMilliseconds,
            errorStatus: faultStatus ?? fromEnvironment.errorStatus,
            errorRate: faultRate ?? (faultStatus == nil ? fromEnvironment.errorRate : nil), crash: fromEnvironment.crash
        )
        do {
            try plan.validate()
        } catch {
            throw ValidationError("\(error)")
        }
        return plan
    }

    /// The level the service logs at: `--log-level`, else `COMMLAB_LOG_LEVEL`, else warning.
    public func resolvedLogLevel(environment: [String: String] = ProcessInfo.processInfo.environment) -> Logger.Level {
        logLevel ?? environment["COMMLAB_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .warning
    }

    /// Sets the process's logging once, at `resolvedLogLevel()`, to stderr: what `serve` does
    /// before it builds a role. Only a process's entry point calls it (swift-log allows one bootstrap).
    public func bootstrapLogging() {
        let level = resolvedLogLevel()
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }

    /// The admin token in force: none on loopback; required beyond it.
    public func resolvedAdminToken(
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> String? {
        guard !AdminGuard<Router<BasicRequestContext>.Responder>.isLoopback(host) else { return nil }
        let token = adminToken ?? environment["COMMLAB_ADMIN_TOKEN"]
        guard let token, token.count >= 16 else {
            throw ValidationError(
                "--host \(host) is reachable from other machines: give --admin-token (16+ characters) or "
                    + "COMMLAB_ADMIN_TOKEN, so /admin/* (faults, replay) is not open to anyone")
        }
        return token
    }

    public func runner(name: String, logger: Logger) throws -> LabServiceRunner {
        var runner = LabServiceRunner(name: name, host: host, port: port, portFile: portFile, logger: logger)
        runner.adminToken = try resolvedAdminToken()
        return runner
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
