import Foundation
import LabKit

/// A private RabbitMQ node (Debian's `rabbitmq-server`) for the lab: its own
/// data and log folders, loopback ports picked free, the management plugin
/// on. Described by `node.json` in its folder, so a later `stop` or `status`
/// (another process) finds it.
public struct RabbitMQNode: Codable, Sendable {
    public var directory: String
    /// Where the node's data, logs and config live: `directory`, unless the
    /// rabbitmq user cannot reach it (see ``start(in:timeout:progress:)``).
    public var dataDirectory: String
    public var nodeName: String
    public var amqpPort: Int
    public var managementPort: Int
    public var distributionPort: Int
    /// Whether starting this node also started `epmd`, so stopping it should stop epmd too.
    public var startedEPMD: Bool

    /// The URL clients connect to.
    public var amqpURL: String { "amqp://guest:guest@127.0.0.1:\(amqpPort)/" }
    /// The management UI and HTTP API (user guest, password guest).
    public var managementURL: String { "http://127.0.0.1:\(managementPort)/" }

    static let stateFile = "node.json"

    /// Starts a node in `directory` and waits until it accepts AMQP and
    /// management connections.
    public static func start(
        in directory: String, timeout: Duration = .seconds(60), progress: ProgressLog = ProgressLog()
    )
        async throws -> RabbitMQNode
    {
        guard let server = executable("rabbitmq-server") else { throw RabbitMQNodeError.notInstalled }
        if let existing = try? load(from: directory), FreePort.isListening(existing.amqpPort) {
            throw RabbitMQNodeError.alreadyRunning(existing.amqpURL)
        }
        let absolute = URL(fileURLWithPath: directory).standardizedFileURL.path
        try ScratchDirectory.prepareEmpty(absolute)
        let ports = FreePort.find(count: 3)
        guard ports.count == 3 else { throw RabbitMQNodeError.noFreePorts }
        // As root, rabbitmq-server switches to the rabbitmq user, which must
        // reach and own the node's folders; a folder inside a private (0700)
        // checkout is out of its reach, so the data then goes to /tmp.
        let data: String
        if getuid() == 0, !isReachableByOthers(absolute) {
            data = "/tmp/commlab-rabbitmq-\(ports[0])-\(UInt32.random(in: 0...UInt32.max))"
        } else {
            data = absolute
        }
        for folder in ["mnesia", "log"] {
            try FileManager.default.createDirectory(atPath: "\(data)/\(folder)", withIntermediateDirectories: true)
        }
        let node = RabbitMQNode(
            directory: absolute, dataDirectory: data, nodeName: "commlab-\(ports[0])@localhost", amqpPort: ports[0],
            managementPort: ports[1], distributionPort: ports[2], startedEPMD: !FreePort.isListening(4369))
        try """
        listeners.tcp.default = 127.0.0.1:\(node.amqpPort)
        management.tcp.port = \(node.managementPort)
        management.tcp.ip = 127.0.0.1
        loopback_users = none
        log.console = false
        log.file.level = warning
        """.write(toFile: "\(data)/rabbitmq.conf", atomically: true, encoding: .utf8)
        try "[rabbitmq_management].\n".write(toFile: "\(data)/enabled_plugins", atomically: true, encoding: .utf8)
        if getuid() == 0 {
            _ = try? await run("/bin/chmod", ["0755", data])
            _ = try? await run("/bin/chown", ["-R", "rabbitmq:rabbitmq", data])
        }

        try node.save()
        progress.say("rabbitmq: starting node \(node.nodeName) in \(absolute)")
        do {
            try await node.launch(server, log: "server.out", timeout: timeout)
        } catch {
            // A launch refused before the server ran (an interrupt as the run began) has no node to stop,
            // but the folder it was given is already made.
            await node.removeDataFolder()
            throw error
        }
        return node
    }

    /// Runs the node's server on its data and waits until it accepts AMQP and
    /// management connections; a node that does not come up is stopped.
    private func launch(_ server: String, log: String, timeout: Duration) async throws {
        // A session of its own: Ctrl-C in the terminal must not reach the node
        // before the lab stops it, and `broker rabbitmq start` leaves it running.
        // Erlang writes erl_crash.dump into its working folder; keep it with the node.
        let process = try await ChildProcess.launch(
            server, arguments: [], environment: environment, workingDirectory: dataDirectory,
            logPath: "\(directory)/\(log)", newSession: true)
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while clock.now < deadline {
            if FreePort.isListening(amqpPort), FreePort.isListening(managementPort) { return }
            if ChildProcessRegistry.isInterrupted {
                try? await stop()
                throw Interrupted()
            }
            if !process.isRunning {
                // Its helpers and its data folder under /tmp go too (`stop` ends and removes them).
                try? await stop()
                throw RabbitMQNodeError.failedToStart(log: Self.tail(of: "\(directory)/\(log)"))
            }
            try await Task.sleep(for: .milliseconds(200))
        }
        try? await stop()
        throw RabbitMQNodeError.failedToStart(log: Self.tail(of: "\(directory)/\(log)"))
    }

    /// SIGKILLs every process of the node — no clean shutdown, as a power cut
    /// or the OOM killer would leave it — waits `downFor`, and starts it again
    /// from the same data folder on the same ports. Returns once it accepts
    /// connections: what it kept is what it had written to disk.
    public func crashAndRestart(after downFor: Duration, timeout: Duration = .seconds(60)) async throws {
        guard let server = Self.executable("rabbitmq-server") else { throw RabbitMQNodeError.notInstalled }
        await killEveryProcess()
        try await Task.sleep(for: downFor)
        try await launch(server, log: "server-after-crash.out", timeout: timeout)
    }

    /// Reads the node started in `directory`.
    public static func load(from directory: String) throws -> RabbitMQNode {
        let data = try Data(contentsOf: URL(fileURLWithPath: "\(directory)/\(stateFile)"))
        return try JSONDecoder().decode(RabbitMQNode.self, from: data)
    }

    public var isRunning: Bool { FreePort.isListening(amqpPort) }

    /// The Erlang VM process running this node, for CPU accounting: the
    /// beam.smp whose environment names this node (the name is not on its command line).
    /// Sampled every second by the demo and the comparison: the command line is read
    /// first, so only beam processes have their environment read.
    public var virtualMachinePID: Int32? {
        nodeProcessIDs(commandContaining: "beam.smp").first
    }

    /// Every process of this node — the server's wrapper scripts, the Erlang VM and its helpers — found by
    /// the node's name in their environment, which each inherits from the lab's launch; only those whose
    /// command line contains `command`, when given.
    func nodeProcessIDs(commandContaining command: String? = nil) -> [Int32] {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return [] }
        let marker = Array("RABBITMQ_NODENAME=\(nodeName)".utf8)
        return entries.compactMap { entry in
            guard let pid = Int32(entry), pid != getpid() else { return nil }
            if let command {
                guard let line = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline"),
                    String(decoding: line.prefix(200), as: UTF8.self).contains(command)
                else { return nil }
            }
            guard let environment = FileManager.default.contents(atPath: "/proc/\(entry)/environ"),
                environment.split(separator: 0).contains(where: { $0.elementsEqual(marker) })
            else { return nil }
            return pid
        }
    }

    /// Stops the node (and the epmd it started) and waits until its port is closed.
    public func stop() async throws {
        guard let control = Self.executable("rabbitmqctl") else { throw RabbitMQNodeError.notInstalled }
        _ = try await Self.run(control, ["-n", nodeName, "stop"], environment: environment)
        for _ in 0..<100 where isRunning { try? await Task.sleep(for: .milliseconds(100)) }
        // A node still starting does not answer `stop`, and its wrapper scripts outlive the VM: end whatever is left.
        for _ in 0..<50 {
            let left = nodeProcessIDs()
            if left.isEmpty { break }
            for pid in left { kill(pid, SIGKILL) }
            try? await Task.sleep(for: .milliseconds(100))
        }
        // epmd refuses to exit while a node (this one, or rabbitmqctl's own) is
        // still registered, which lasts a moment after the stop: retry.
        // Another lab's node (a second run on this machine) may have registered with the epmd this one
        // started: killing it would cut that node off from its own rabbitmqctl. Left running then.
        if startedEPMD, let epmd = Self.executable("epmd"),
            await Self.otherNodesRegistered(epmd: epmd, not: nodeName).isEmpty
        {
            for _ in 0..<50 where FreePort.isListening(4369) {
                _ = try? await Self.run(epmd, ["-kill"])
                if FreePort.isListening(4369) { try? await Task.sleep(for: .milliseconds(100)) }
            }
        }
        await removeDataFolder()
    }

    /// Removes the data folder this node made under /tmp (see `start`), if it did. A node stopped while still
    /// starting can have a last process writing into mnesia as the folder goes (runs left such folders
    /// behind): removed again until it is gone, for up to two seconds.
    func removeDataFolder() async {
        guard dataDirectory != directory, dataDirectory.hasPrefix("/tmp/commlab-rabbitmq-") else { return }
        for _ in 0..<20 {
            try? FileManager.default.removeItem(atPath: dataDirectory)
            guard FileManager.default.fileExists(atPath: dataDirectory) else { break }
            try? await Task.sleep(for: .milliseconds(100))
        }
    }

    /// The nodes epmd knows other than `own` (`epmd -names`: "name NODE at port N" lines).
    static func otherNodesRegistered(epmd: String, not own: String) async -> [String] {
        guard let listing = try? await ExternalCommand.run(epmd, ["-names"]), listing.succeeded else { return [] }
        let short = own.split(separator: "@").first.map(String.init) ?? own
        return listing.output.split(separator: "\n").compactMap { line in
            let words = line.split(separator: " ")
            guard words.count > 1, words[0] == "name" else { return nil }
            let name = String(words[1])
            return name == short || name.hasPrefix("rabbitmqcli") ? nil : name
        }
    }

    /// `rabbitmqctl stop_app`, then `start_app`: the node drops every
    /// connection and comes back on the same data (durable queues, persistent
    /// messages kept). Returns once it accepts connections again.
    public func restartApplication() async throws {
        guard let control = Self.executable("rabbitmqctl") else { throw RabbitMQNodeError.notInstalled }
        for action in ["stop_app", "start_app"] {
            let outcome = try await ExternalCommand.run(control, ["-n", nodeName, action], environment: environment)
            guard outcome.succeeded else { throw RabbitMQNodeError.controlFailed(action, outcome.output) }
        }
        for _ in 0..<100 where !isRunning { try await Task.sleep(for: .milliseconds(100)) }
    }

    /// Raises (or clears) a memory alarm: RabbitMQ then blocks every
    /// publishing connection, as it does when memory or disk runs short.
    public func setMemoryAlarm(_ raised: Bool) async throws {
        guard let control = Self.executable("rabbitmqctl") else { throw RabbitMQNodeError.notInstalled }
        // A watermark of 0 trips the alarm at once; 0.4 is RabbitMQ's default.
        let watermark = raised ? "0" : "0.4"
        let outcome = try await ExternalCommand.run(
            control, ["-n", nodeName, "set_vm_memory_high_watermark", watermark], environment: environment)
        guard outcome.succeeded else {
            throw RabbitMQNodeError.controlFailed("set_vm_memory_high_watermark \(watermark)", outcome.output)
        }
    }

    var environment: [String: String] {
        [
            "RABBITMQ_NODENAME": nodeName,
            "RABBITMQ_NODE_PORT": String(amqpPort),
            "RABBITMQ_DIST_PORT": String(distributionPort),
            "RABBITMQ_MNESIA_BASE": "\(dataDirectory)/mnesia",
            "RABBITMQ_LOG_BASE": "\(dataDirectory)/log",
            "RABBITMQ_CONFIG_FILE": "\(dataDirectory)/rabbitmq.conf",
            "RABBITMQ_ENABLED_PLUGINS_FILE": "\(dataDirectory)/enabled_plugins",
        ]
    }

    private func save() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(self).write(to: URL(fileURLWithPath: "\(directory)/\(Self.stateFile)"))
    }

    /// Debian puts rabbitmqctl in /usr/sbin and the node's own scripts in /usr/lib/rabbitmq/bin.
    static func executable(_ name: String) -> String? {
        ExternalCommand.find(name, alsoIn: ["/usr/sbin", "/usr/lib/rabbitmq/bin"])
    }

    @discardableResult
    static func run(_ executable: String, _ arguments: [String], environment: [String: String] = [:]) async throws
        -> String
    {
        try await ExternalCommand.run(executable, arguments, environment: environment).output
    }

    static func tail(of path: String) -> String {
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").suffix(20).joined(separator: "\n")
    }
}

/// True when every folder from / down to `path` lets other users through (o+x).
private func isReachableByOthers(_ path: String) -> Bool {
    var current = URL(fileURLWithPath: path).standardizedFileURL
    while true {
        var info = stat()
        guard stat(current.path, &info) == 0, info.st_mode & S_IXOTH != 0 else { return false }
        if current.path == "/" { return true }
        current.deleteLastPathComponent()
    }
}

public enum RabbitMQNodeError: Error, CustomStringConvertible {
    case notInstalled
    case noFreePorts
    case controlFailed(String, String)
    case alreadyRunning(String)
    case failedToStart(log: String)

    public var description: String {
        switch self {
        case .notInstalled:
            "rabbitmq-server is not installed (apt-get install rabbitmq-server, or run scripts/install-deps.sh)"
        case .noFreePorts: "no free loopback ports for the RabbitMQ node"
        case .controlFailed(let action, let output): "rabbitmqctl \(action) failed: \(output)"
        case .alreadyRunning(let url): "a node from this folder is already running at \(url); stop it first"
        case .failedToStart(let log): "the RabbitMQ node did not start; its output ends with:\n\(log)"
        }
    }
}

extension RabbitMQNode {
    /// Joins this (freshly started, empty) node to `seed`'s cluster: its application stops, it resets to the
    /// seed's cluster, and starts again as a member.
    func join(_ seed: RabbitMQNode) async throws {
        guard let control = Self.executable("rabbitmqctl") else { throw RabbitMQNodeError.notInstalled }
        for (step, arguments) in [
            ("stop_app", ["stop_app"]), ("join_cluster", ["join_cluster", seed.nodeName]), ("start_app", ["start_app"]),
        ] {
            let outcome = try await ExternalCommand.run(
                control, ["-n", nodeName] + arguments, environment: environment)
            guard outcome.succeeded else {
                throw RabbitMQClusterError.joinFailed(
                    node: nodeName, step: step, output: Self.lastLines(outcome.output))
            }
        }
        for _ in 0..<100 where !isRunning { try await Task.sleep(for: .milliseconds(100)) }
    }

    /// The nodes this node sees running in its cluster (`rabbitmqctl cluster_status`).
    func clusterRunningNodes() async throws -> [String] {
        guard let control = Self.executable("rabbitmqctl") else { throw RabbitMQNodeError.notInstalled }
        let outcome = try await ExternalCommand.run(
            control, ["-n", nodeName, "cluster_status", "--formatter", "json"], environment: environment)
        guard outcome.succeeded, let start = outcome.output.firstIndex(of: "{"),
            let object = try? JSONSerialization.jsonObject(with: Data(outcome.output[start...].utf8)) as? [String: Any],
            let running = object["running_nodes"] as? [String]
        else { throw RabbitMQNodeError.controlFailed("cluster_status", Self.lastLines(outcome.output)) }
        return running
    }

    /// The node leading quorum queue `queue` (`rabbitmqctl list_queues name leader`).
    func queueLeader(_ queue: String) async throws -> String? {
        guard let control = Self.executable("rabbitmqctl") else { throw RabbitMQNodeError.notInstalled }
        let outcome = try await ExternalCommand.run(
            control, ["-n", nodeName, "list_queues", "name", "leader", "--formatter", "json"],
            environment: environment)
        guard outcome.succeeded, let start = outcome.output.firstIndex(of: "["),
            let rows = try? JSONSerialization.jsonObject(with: Data(outcome.output[start...].utf8)) as? [[String: Any]]
        else { throw RabbitMQNodeError.controlFailed("list_queues", Self.lastLines(outcome.output)) }
        return rows.first { $0["name"] as? String == queue }?["leader"] as? String
    }

    /// SIGKILLs every process of the node, as a power cut would, and returns once none is left; it stays
    /// down until ``relaunch(timeout:)``. The epmd the first node started carries its name too, but is the
    /// machine's name service, not the node: the other nodes (and rabbitmqctl) find each other through it,
    /// so it is left running.
    public func killEveryProcess() async {
        for _ in 0..<50 {
            let left = nodeProcessIDs().filter { !Self.isEPMD($0) }
            if left.isEmpty { break }
            for pid in left { kill(pid, SIGKILL) }
            try? await Task.sleep(for: .milliseconds(100))
        }
        for _ in 0..<100 where isRunning { try? await Task.sleep(for: .milliseconds(100)) }
    }

    /// Starts a killed node again from its data on the same ports; returns once it accepts connections.
    public func relaunch(timeout: Duration = .seconds(60)) async throws {
        guard let server = Self.executable("rabbitmq-server") else { throw RabbitMQNodeError.notInstalled }
        try await launch(server, log: "server-relaunched.out", timeout: timeout)
    }

    static func isEPMD(_ pid: Int32) -> Bool {
        guard let line = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return false }
        return String(decoding: line.prefix(200), as: UTF8.self).contains("epmd")
    }

    static func lastLines(_ text: String) -> String {
        text.split(separator: "\n").suffix(6).joined(separator: "\n")
    }
}
