/// How to start one lab service as its own process: `commlab serve …` with
/// these arguments, its output appended to `logPath`.
public struct ServiceLaunch: Sendable, Hashable {
    /// A short name for progress output and errors, e.g. `inventory`.
    public var name: String
    /// Path of the `commlab` executable.
    public var executable: String
    /// Arguments after the executable, without `--port` and `--port-file`,
    /// which the supervisor adds.
    public var arguments: [String]
    /// Extra environment variables.
    public var environment: [String: String]
    /// Where stdout and stderr go.
    public var logPath: String

    public init(
        name: String, executable: String, arguments: [String], environment: [String: String] = [:], logPath: String
    ) {
        self.name = name
        self.executable = executable
        self.arguments = arguments
        self.environment = environment
        self.logPath = logPath
    }
}
