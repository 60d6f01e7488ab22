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
    /// A cgroup v2 folder the process joins before it runs (so the lab can
    /// cut its links by its group); nil to start it where the lab runs.
    public var cgroup: String?

    public init(
        name: String, executable: String, arguments: [String], environment: [String: String] = [:], logPath: String,
        cgroup: String? = nil
    ) {
        self.name = name
        self.executable = executable
        self.arguments = arguments
        self.environment = environment
        self.logPath = logPath
        self.cgroup = cgroup
    }

    /// The program and arguments to run: the service itself, or a shell that
    /// joins the cgroup and then becomes the service (same pid), so every
    /// socket the service opens belongs to its group.
    public func command(extraArguments: [String]) -> (executable: String, arguments: [String]) {
        let arguments = self.arguments + extraArguments
        guard let cgroup else { return (executable, arguments) }
        return (
            "/bin/sh",
            ["-c", #"mkdir -p "$0" && echo $$ > "$0/cgroup.procs" && exec "$@""#, cgroup, executable] + arguments
        )
    }
}
