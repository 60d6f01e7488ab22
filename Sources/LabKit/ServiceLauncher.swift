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

    /// `role`'s process; `name` (its log, its cgroup, its name in the lab) tells apart instances of one role.
    public func process(_ role: String, _ arguments: [String] = [], name: String? = nil) -> ServiceProcess {
        let name = name ?? role
        return ServiceProcess(
            ServiceLaunch(
                name: name, executable: executable, arguments: ["serve", part, role] + sharedArguments + arguments,
                environment: environment, logPath: "\(directory)/\(name).log",
                cgroup: groupFolder.map { "\($0)/\(name)" }))
    }
}
