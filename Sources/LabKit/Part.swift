import Faults
import ArgumentParser
import Foundation
import Logging

/// One way of running the workload that the lab can serve, exercise and
/// measure: a communication model (sync REST, a queue, a log) or a second
/// system (the pizza line). The executable knows parts only through this
/// protocol, so a new part is a module with a conformance and one line in
/// the executable's catalogue.
public protocol Part: Sendable {
    /// The part's folder and its name on the command line, e.g. `sync-rest`.
    static var name: String { get }
    /// One line for `--help`.
    static var summary: String { get }
    /// The services `commlab serve PART ROLE` runs, each its own process.
    static var roles: [String] { get }

    /// Wires `role` from its command-line `arguments` (what follows ROLE) and
    /// serves it until SIGTERM or SIGINT.
    static func serve(role: String, arguments: [String]) async throws

    /// Runs the part's scenarios against real processes and brokers, writes
    /// the evidence; returns whether every scenario passed. `arguments` are
    /// the part's own options (sizes, partitions).
    static func runScenarios(_ run: PartRun, arguments: [String]) async throws -> Bool

    /// Runs the part's benchmark and writes its figures.
    static func runBenchmark(_ run: PartRun, arguments: [String]) async throws

    /// The part's own scenario and benchmark options, for `--help`.
    static var scenarioOptionsHelp: String { get }
    static var benchOptionsHelp: String { get }
}

/// What every scenario or benchmark run of a part is given.
public struct PartRun: Sendable {
    /// The `commlab` executable, which the lab starts again for each service.
    public var executable: String
    /// Repository root: evidence goes to `<root>/<part>/results` and `<root>/screenshots/<part>`.
    public var root: String
    /// Scratch folder for this part's logs and databases.
    public var workDirectory: String
    /// Scenario names to run; empty runs all.
    public var only: [String]
    /// The command line, recorded in the report.
    public var command: String
    /// The environment, where the user may name brokers of their own (each engine reads its variable);
    /// the lab starts its own otherwise.
    public var environment: [String: String]
    public var progress: ProgressLog

    public init(
        executable: String, root: String, workDirectory: String, only: [String] = [], command: String,
        environment: [String: String] = ProcessInfo.processInfo.environment, progress: ProgressLog = ProgressLog()
    ) {
        self.executable = executable
        self.root = root
        self.workDirectory = workDirectory
        self.only = only
        self.command = command
        self.environment = environment
        self.progress = progress
    }
}

/// A role's command-line options: the server's (host, port, log level, faults) inside the role's own.
public protocol ServiceOptions: ParsableArguments {
    var server: ServerOptions { get }
}

/// Wires a part's roles: the one builder the executable and the tests share.
public protocol ServiceBuilder {
    associatedtype Role: RawRepresentable, CaseIterable, Sendable where Role.RawValue == String
    associatedtype Options: ServiceOptions

    /// Builds `role` with `faults`, the role's fault layer made from its `--fault…` options.
    static func build(_ role: Role, options: Options, faults: FaultInjector, logger: Logger) throws -> BuiltService
}

extension ServiceBuilder {
    /// Builds `role` with the fault layer its options ask for: what `serve` and the tests call.
    public static func build(_ role: Role, options: Options, logger: Logger) throws -> BuiltService {
        try build(role, options: options, faults: FaultInjector(try options.server.faultPlan()), logger: logger)
    }
}

/// A part whose roles are built by one builder from one options type: the
/// executable's `serve` is then the same for every such part.
public protocol BuiltPart: Part {
    associatedtype Services: ServiceBuilder
}

extension BuiltPart {
    public static var roles: [String] { Services.Role.allCases.map(\.rawValue) }

    public static func serve(role name: String, arguments: [String]) async throws {
        let options = Services.Options.parseOrExit(arguments)
        guard let role = Services.Role(rawValue: name) else { throw PartError.unknownRole(name, of: self) }
        let server = options.server
        server.bootstrapLogging()
        let logger = Logger(label: "commlab.\(self.name).\(name)")
        let runner = try server.runner(name: "\(self.name) \(name)", logger: logger)
        let built = try Services.build(role, options: options, logger: logger)
        try await runner.run(built)
    }
}
