/// Makes the ``ServiceProcess`` of each role of one part: `commlab serve
/// PART ROLE` with the arguments every role of the lab shares, its log in the
/// lab's folder.
public struct ServiceLauncher: Sendable {
    public var executable: String
    public var part: String
    public var directory: String
    /// Arguments every role gets after its name (e.g. the broker's address).
    public var sharedArguments: [String]
    public var environment: [String: String]
    /// The lab's cgroup folder: each role runs in a group of its own under it (nil: none).
    public var groupFolder: String?

    public init(
        executable: String, part: String, directory: String, sharedArguments: [String] = [],
        environment: [String: String] = [:], groupFolder: String? = nil
    ) {
        self.executable = executable
        self.part = part
        self.directory = directory
        self.sharedArguments = sharedArguments
        self.environment = environment
        self.groupFolder = groupFolder
    }

    public func process(_ role: String, _ arguments: [String] = []) -> ServiceProcess {
        ServiceProcess(
            ServiceLaunch(
                name: role, executable: executable, arguments: ["serve", part, role] + sharedArguments + arguments,
                environment: environment, logPath: "\(directory)/\(role).log",
                cgroup: groupFolder.map { "\($0)/\(role)" }))
    }
}
