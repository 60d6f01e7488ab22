import Foundation
import LabKit

/// One broker engine the lab can run on (RabbitMQ, the embedded Kafka-protocol
/// broker, …): how it starts a private instance, how the user names one of
/// their own in the environment, and what the lab can do to it. An engine is
/// a module with one conformance; the parts that use it name it, nothing
/// below them does.
public protocol BrokerEngine: Sendable {
    /// The engine's name on the command line and in reports, e.g. `rabbitmq`.
    static var name: String { get }
    /// One line for `--help`.
    static var summary: String { get }
    /// The environment variable that names a broker of the user's own, e.g. `AMQP_URL`.
    static var environmentVariable: String { get }
    /// What the variable holds, for help and errors, e.g. `amqp://user:pass@host:port/vhost`.
    static var addressFormat: String { get }
    /// The process faults a private instance supports.
    static var processFaults: Set<BrokerProcessFault> { get }
    /// Starts a private instance in `request.directory` and returns once clients can connect.
    /// It registers nothing itself: ``BrokerEngine/broker(_:)`` does.
    static func startPrivate(_ request: BrokerStartRequest) async throws -> LabBroker
    /// How an address is shown in logs: credentials hidden, where the engine's addresses carry any.
    static func redacted(_ address: String) -> String
}

extension BrokerEngine {
    public static func redacted(_ address: String) -> String { address }

    /// The broker the user named in `environment`, if any.
    public static func externalAddress(in environment: [String: String]) -> String? {
        environment[environmentVariable].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The broker the environment names (left alone), or a private instance
    /// started for this lab (stopped with it, and by an interrupt at any
    /// point of its start).
    public static func broker(_ request: BrokerStartRequest) async throws -> LabBroker {
        if let address = externalAddress(in: request.environment) {
            request.progress.say("using the broker at \(environmentVariable) (\(redacted(address)))")
            return LabBroker(external: address, engine: name)
        }
        return try await ChildProcessRegistry.starting {
            try await startPrivate(request)
        }
    }
}

extension BrokerEngine {
    /// The broker for a lab (see ``broker(_:)``) handed to `build`, and
    /// stopped again when `build` fails: a lab that cannot start leaves no
    /// broker behind.
    public static func withBroker<Lab>(
        _ request: BrokerStartRequest, _ build: (LabBroker) async throws -> Lab
    ) async throws -> Lab {
        let broker = try await broker(request)
        do {
            return try await build(broker)
        } catch {
            await broker.stop()
            throw error
        }
    }
}

extension BrokerEngine {
    /// ``withBroker(_:_:)`` for a lab working in `workDirectory` (created if missing): the broker at
    /// `address` when one is given, else a private one in `<workDirectory>/<engine name>`.
    public static func withBroker<Lab>(
        forLabIn workDirectory: String, executable: String, address: String?, progress: ProgressLog,
        _ build: (LabBroker) async throws -> Lab
    ) async throws -> Lab {
        try FileManager.default.createDirectory(atPath: workDirectory, withIntermediateDirectories: true)
        let request = BrokerStartRequest(
            directory: "\(workDirectory)/\(name)", executable: executable,
            environment: address.map { [environmentVariable: $0] } ?? [:], progress: progress)
        return try await withBroker(request, build)
    }
}

/// What `commlab broker ENGINE …` does with an engine's private instance left
/// running in a folder of its own (for services started by hand).
public protocol DetachedBrokerEngine: BrokerEngine {
    /// Starts an instance in `directory` that outlives this process; returns the lines to print,
    /// `VARIABLE=value` first (eval-able).
    static func startDetached(in directory: String, executable: String) async throws -> [String]
    /// Stops the instance started from `directory`; what was stopped, or nil when none was started there.
    static func stopDetached(in directory: String) async throws -> String?
    /// The instance started from `directory`: whether it runs, and a line for people; nil when none was.
    static func status(in directory: String) -> (running: Bool, description: String)?
    /// Runs the broker itself in the foreground, for an engine whose broker is a process of the lab's own.
    static func runInForeground(in directory: String) async throws
    /// What `--help` says about the engine's detached instance.
    static var detachedHelp: String { get }
}

extension DetachedBrokerEngine {
    public static func runInForeground(in directory: String) async throws {
        throw BrokerCommandError.noForegroundRun(engine: name)
    }
}

public enum BrokerCommandError: Error, CustomStringConvertible {
    case noForegroundRun(engine: String)

    public var description: String {
        switch self {
        case .noForegroundRun(let engine):
            "the \(engine) engine runs no broker of the lab's own in the foreground; use start"
        }
    }
}
