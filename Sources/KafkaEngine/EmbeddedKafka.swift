import Foundation
import LabKit

/// The embedded Kafka-protocol broker (librdkafka's mock cluster) running as
/// its own `commlab broker kafka run` process, described by `broker.json` in
/// its folder so a later `stop` or `status` finds it.
public struct EmbeddedKafka: Codable, Sendable {
    public var directory: String
    public var bootstrapServers: String
    public var pid: Int32
    /// The broker process's control endpoint (creates topics on the mock).
    public var controlPort: Int
    /// What `start` ran, so a crash can start the broker again.
    public var executable: String?
    /// Set while a restarted broker listens on another port than the one its clients were given.
    public var redirect: LoopbackPortRedirect?
    /// The engine whose `broker ENGINE run` this is (`kafka`, or `kafka-cluster` of three brokers).
    public var engine: String?

    public var controlURL: String { "http://127.0.0.1:\(controlPort)" }

    static let stateFile = "broker.json"
    /// Written by the broker process once its listener is up.
    public static let bootstrapFile = "bootstrap"
    /// The broker process's own pid, written before the bootstrap file.
    public static let pidFile = "pid"
    /// The control endpoint's port, written once it listens.
    public static let controlPortFile = "control-port"
    /// The control port of the process before a crash, which its successor listens on again.
    public static let previousControlPortFile = "control-port.previous"
    /// The topics created on the broker (`name partitions` per line), which a restarted broker creates again.
    public static let topicsFile = "topics"

    /// Starts the broker process and waits until it accepts connections.
    public static func start(
        executable: String, in directory: String, engine: String = KafkaBroker.name, timeout: Duration = .seconds(20)
    ) async throws -> EmbeddedKafka {
        let absolute = URL(fileURLWithPath: directory).standardizedFileURL.path
        if let existing = try? load(from: absolute), existing.isRunning {
            throw EmbeddedKafkaError.alreadyRunning(existing.bootstrapServers)
        }
        try ScratchDirectory.prepareEmpty(absolute)
        let launched = try await launch(executable: executable, engine: engine, in: absolute, timeout: timeout)
        let broker = EmbeddedKafka(
            directory: absolute, bootstrapServers: launched.bootstrapServers, pid: launched.pid,
            controlPort: launched.controlPort, executable: executable, engine: engine)
        try broker.save()
        return broker
    }

    /// What a started broker process wrote into its folder.
    private struct Launched {
        var bootstrapServers: String
        var pid: Int32
        var controlPort: Int
    }

    private static func launch(executable: String, engine: String, in absolute: String, timeout: Duration)
        async throws -> Launched
    {
        // A session of its own, so `broker kafka start` can leave it running and
        // a terminal's Ctrl-C reaches it only through the lab's own stop.
        let process = try await ChildProcess.launch(
            executable, arguments: ["broker", engine, "run", "--dir", absolute],
            logPath: "\(absolute)/broker.log", newSession: true)
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while clock.now < deadline {
            // The broker writes its own pid once its listener is up.
            if let text = try? String(contentsOfFile: "\(absolute)/\(bootstrapFile)", encoding: .utf8),
                let pidText = try? String(contentsOfFile: "\(absolute)/\(pidFile)", encoding: .utf8),
                let pid = Int32(pidText.trimmingCharacters(in: .whitespacesAndNewlines)),
                let portText = try? String(contentsOfFile: "\(absolute)/\(controlPortFile)", encoding: .utf8),
                let port = Int(portText.trimmingCharacters(in: .whitespacesAndNewlines))
            {
                return Launched(
                    bootstrapServers: text.trimmingCharacters(in: .whitespacesAndNewlines), pid: pid, controlPort: port)
            }
            if ChildProcessRegistry.isInterrupted { break }
            guard process.isRunning || FileManager.default.fileExists(atPath: "\(absolute)/\(pidFile)") else {
                throw EmbeddedKafkaError.failedToStart(
                    log: (try? String(contentsOfFile: "\(absolute)/broker.log", encoding: .utf8)) ?? "")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        if let pidText = try? String(contentsOfFile: "\(absolute)/\(pidFile)", encoding: .utf8),
            let pid = Int32(pidText.trimmingCharacters(in: .whitespacesAndNewlines))
        {
            kill(pid, SIGKILL)
        }
        process.send(SIGKILL)
        if ChildProcessRegistry.isInterrupted { throw Interrupted() }
        throw EmbeddedKafkaError.failedToStart(log: "no bootstrap address within \(timeout)")
    }

    /// SIGKILLs the broker process, waits `downFor`, and starts a new one in
    /// the same folder: it recreates the topics it had (their names and
    /// partition counts are kept in the folder) but its log, offsets and groups
    /// are gone, since the mock keeps them in memory. It keeps its control
    /// port; librdkafka's mock cannot be given a port, so the address the
    /// clients were given is redirected to wherever it listens now (see
    /// ``LoopbackPortRedirect``).
    public func crashAndRestart(after downFor: Duration, timeout: Duration = .seconds(20)) async throws
        -> EmbeddedKafka
    {
        guard let executable else { throw EmbeddedKafkaError.cannotRestart("broker.json names no executable") }
        if let reason = LoopbackPortRedirect.unavailable { throw EmbeddedKafkaError.cannotRestart(reason) }
        kill(pid, SIGKILL)
        for _ in 0..<100 where isRunning { try? await Task.sleep(for: .milliseconds(50)) }
        try await Task.sleep(for: downFor)
        let fileManager = FileManager.default
        try? fileManager.removeItem(atPath: "\(directory)/\(Self.previousControlPortFile)")
        try? fileManager.moveItem(
            atPath: "\(directory)/\(Self.controlPortFile)", toPath: "\(directory)/\(Self.previousControlPortFile)")
        for file in [Self.bootstrapFile, Self.pidFile] { try? fileManager.removeItem(atPath: "\(directory)/\(file)") }
        let launched = try await Self.launch(
            executable: executable, engine: engine ?? KafkaBroker.name, in: directory, timeout: timeout)
        var restarted = self
        restarted.pid = launched.pid
        restarted.controlPort = launched.controlPort
        await redirect?.remove()
        restarted.redirect = nil
        if let given = Self.port(of: bootstrapServers), let now = Self.port(of: launched.bootstrapServers),
            given != now
        {
            let redirect = LoopbackPortRedirect(from: given, to: now, tag: "commlab embedded kafka \(directory)")
            try await redirect.add()
            restarted.redirect = redirect
        }
        try restarted.save()
        return restarted
    }

    private static func port(of bootstrapServers: String) -> Int? {
        bootstrapServers.split(separator: ",").first.flatMap { $0.split(separator: ":").last }.flatMap { Int($0) }
    }

    private func save() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(self).write(to: URL(fileURLWithPath: "\(directory)/\(Self.stateFile)"))
    }

    /// Creates a topic on the embedded broker through its control endpoint, replicated on `replication`
    /// brokers (at most its broker count).
    public static func createTopic(_ name: String, partitions: Int, replication: Int = 1, controlURL: String)
        async throws
    {
        let exchange = await LabHTTPClient(http: .shared).send(
            .PUT, "\(controlURL)/topics/\(name)?partitions=\(partitions)&replication=\(replication)")
        guard exchange.status == 201 else {
            throw LabHTTPError.unexpected(url: "\(controlURL)/topics/\(name)", exchange: exchange)
        }
    }

    /// Tells the embedded broker of the consumer group `name`, so its controller can move the group's
    /// coordinator off a broker that is lost.
    public static func registerGroup(_ name: String, controlURL: String) async throws {
        let exchange = await LabHTTPClient(http: .shared).send(.PUT, "\(controlURL)/groups/\(name)")
        guard exchange.status == 201 else {
            throw LabHTTPError.unexpected(url: "\(controlURL)/groups/\(name)", exchange: exchange)
        }
    }

    /// A node fault on the embedded cluster (`kill`, `pause` or `restore`), aimed at the broker leading
    /// `topic`; what the controller did.
    static func nodeAction(_ action: String, leaderOf topic: String?, controlURL: String) async throws -> String {
        let url = "\(controlURL)/nodes/\(action)" + (topic.map { "?leader_of=\($0)" } ?? "")
        let exchange = await LabHTTPClient(http: .shared).send(.POST, url)
        guard exchange.status == 200, let did = exchange.decode([String: String].self)?["did"] else {
            throw LabHTTPError.unexpected(url: url, exchange: exchange)
        }
        return did
    }

    public static func load(from directory: String) throws -> EmbeddedKafka {
        let data = try Data(contentsOf: URL(fileURLWithPath: "\(directory)/\(stateFile)"))
        return try JSONDecoder().decode(EmbeddedKafka.self, from: data)
    }

    public var isRunning: Bool { kill(pid, 0) == 0 && !isZombie }

    private var isZombie: Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return true }
        return stat[stat.index(close, offsetBy: 2)] == "Z"
    }

    /// SIGTERM, then SIGKILL after 5 s; and the redirect a restart added, removed.
    public func stop() async {
        await redirect?.remove()
        guard isRunning else { return }
        kill(pid, SIGTERM)
        for _ in 0..<100 where isRunning { try? await Task.sleep(for: .milliseconds(50)) }
        if isRunning { kill(pid, SIGKILL) }
    }
}

public enum EmbeddedKafkaError: Error, CustomStringConvertible {
    case alreadyRunning(String)
    case failedToStart(log: String)
    case cannotRestart(String)

    public var description: String {
        switch self {
        case .alreadyRunning(let bootstrap): "an embedded broker from this folder is already running at \(bootstrap)"
        case .failedToStart(let log): "the embedded Kafka broker did not start:\n\(log)"
        case .cannotRestart(let reason): "cannot restart the embedded Kafka broker on its clients' address: \(reason)"
        }
    }
}
