import Foundation

/// Runs `wrk` (a C load generator, Debian package `wrk`) against one URL with a
/// JSON POST body, so throughput is measured by a client that is not itself
/// the bottleneck.
public struct WrkLoad: Sendable {
    public var url: String
    public var body: String
    public var connections: Int
    public var threads: Int
    public var duration: Duration
    public var method: String

    public init(
        url: String, body: String, connections: Int, threads: Int = 2, duration: Duration, method: String = "POST"
    ) {
        self.method = method
        self.url = url
        self.body = body
        self.connections = connections
        self.threads = threads
        self.duration = duration
    }

    /// `wrk` on the PATH, if any.
    public static var executable: String? {
        let paths = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        return paths.map { "\($0)/wrk" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    public func run(scratchDirectory: String) async throws -> WrkReport {
        guard let executable = Self.executable else { throw WrkError.notInstalled }
        let script = scratchDirectory + "/wrk-post.lua"
        let escaped = body.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        let lua = """
            wrk.method = "\(method)"
            wrk.headers["Content-Type"] = "application/json"
            wrk.body = "\(escaped)"
            """
        try lua.write(toFile: script, atomically: true, encoding: .utf8)
        let outcome = try await ExternalCommand.run(
            executable,
            [
                "-t", String(threads), "-c", String(connections), "-d", "\(Int(duration.seconds))s", "--latency",
                "-s", script, url,
            ])
        guard outcome.succeeded, let report = WrkReport(parsing: outcome.output) else {
            throw WrkError.failed(output: outcome.output)
        }
        return report
    }
}

/// The figures `wrk --latency` printed.
public struct WrkReport: Codable, Sendable {
    public var requests: Int
    public var seconds: Double
    public var requestsPerSecond: Double
    public var non2xx: Int
    public var socketErrors: Int
    /// Percentile (50, 75, 90, 99) → milliseconds.
    public var latencyPercentiles: [String: Double]

    enum CodingKeys: String, CodingKey {
        case requests, seconds
        case requestsPerSecond = "requests_per_s"
        case non2xx = "non_2xx"
        case socketErrors = "socket_errors"
        case latencyPercentiles = "latency_percentiles_ms"
    }

    init?(parsing output: String) {
        var requests: Int?
        var seconds: Double?
        var rate: Double?
        var non2xx = 0
        var socketErrors = 0
        var percentiles: [String: Double] = [:]
        for line in output.split(separator: "\n").map({ $0.trimmingCharacters(in: .whitespaces) }) {
            let words = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            if line.hasPrefix("Requests/sec:"), words.count >= 2 {
                rate = Double(words[1])
            } else if line.contains("requests in"), words.count >= 4 {
                requests = Int(words[0])
                seconds = Self.seconds(words[3].trimmingCharacters(in: CharacterSet(charactersIn: ",")))
            } else if line.hasPrefix("Non-2xx or 3xx responses:"), let last = words.last {
                non2xx = Int(last) ?? 0
            } else if line.hasPrefix("Socket errors:") {
                socketErrors = line.split(separator: ",").compactMap {
                    $0.split(separator: " ").last.flatMap { Int($0) }
                }
                .reduce(0, +)
            } else if words.count == 2, words[0].hasSuffix("%"), let value = Self.milliseconds(words[1]) {
                percentiles[String(words[0].dropLast())] = value
            }
        }
        guard let requests, let seconds, let rate else { return nil }
        self.requests = requests
        self.seconds = seconds
        self.requestsPerSecond = rate
        self.non2xx = non2xx
        self.socketErrors = socketErrors
        self.latencyPercentiles = percentiles
    }

    private static func milliseconds(_ text: String) -> Double? {
        for (suffix, factor) in [("us", 0.001), ("ms", 1.0), ("s", 1000.0), ("m", 60_000.0)]
        where text.hasSuffix(suffix) {
            return Double(text.dropLast(suffix.count)).map { $0 * factor }
        }
        return nil
    }

    private static func seconds(_ text: String) -> Double? {
        milliseconds(text).map { $0 / 1000 }
    }
}

public enum WrkError: Error, CustomStringConvertible {
    case notInstalled
    case failed(output: String)

    public var description: String {
        switch self {
        case .notInstalled: "wrk is not installed (apt-get install wrk, or run scripts/install-deps.sh)"
        case .failed(let output): "wrk failed:\n\(output)"
        }
    }
}
