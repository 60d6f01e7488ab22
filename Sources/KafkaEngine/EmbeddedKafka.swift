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

    public var controlURL: String { "http://127.0.0.1:\(controlPort)" }

    static let stateFile = "broker.json"
    /// Written by the broker process once its listener is up.
    public static let bootstrapFile = "bootstrap"
    /// The broker process's own pid, written before the bootstrap file.
    public static let pidFile = "pid"
    /// The control endpoint's port, written once it listens.
    public static let controlPortFile = "control-port"

    /// Starts the broker process and waits until it accepts connections.
    public static func start(executable: String, in directory: String, timeout: Duration = .seconds(20)) async throws
        -> EmbeddedKafka
    {
        let absolute = URL(fileURLWithPath: directory).standardizedFileURL.path
        if let existing = try? load(from: absolute), existing.isRunning {
            throw EmbeddedKafkaError.alreadyRunning(existing.bootstrapServers)
        }
        try ScratchDirectory.prepareEmpty(absolute)
        // A session of its own, so `broker kafka start` can leave it running and
        // a terminal's Ctrl-C reaches it only through the lab's own stop.
        let process = try await ChildProcess.launch(
            executable, arguments: ["broker", "kafka", "run", "--dir", absolute],
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
                let broker = EmbeddedKafka(
                    directory: absolute, bootstrapServers: text.trimmingCharacters(in: .whitespacesAndNewlines),
                    pid: pid,
                    controlPort: port)
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                try encoder.encode(broker).write(to: URL(fileURLWithPath: "\(absolute)/\(stateFile)"))
                return broker
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

    /// Creates a topic on the embedded broker through its control endpoint.
    public static func createTopic(_ name: String, partitions: Int, controlURL: String) async throws {
        let exchange = await LabHTTPClient(http: .shared).send(
            .PUT, "\(controlURL)/topics/\(name)?partitions=\(partitions)")
        guard exchange.status == 201 else {
            throw LabHTTPError.unexpected(url: "\(controlURL)/topics/\(name)", exchange: exchange)
        }
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

    /// SIGTERM, then SIGKILL after 5 s.
    public func stop() async {
        guard isRunning else { return }
        kill(pid, SIGTERM)
        for _ in 0..<100 where isRunning { try? await Task.sleep(for: .milliseconds(50)) }
        if isRunning { kill(pid, SIGKILL) }
    }
}

public enum EmbeddedKafkaError: Error, CustomStringConvertible {
    case alreadyRunning(String)
    case failedToStart(log: String)

    public var description: String {
        switch self {
        case .alreadyRunning(let bootstrap): "an embedded broker from this folder is already running at \(bootstrap)"
        case .failedToStart(let log): "the embedded Kafka broker did not start:\n\(log)"
        }
    }
}
