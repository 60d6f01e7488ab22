import AsyncHTTPClient

/// The service processes of one lab, by role, each with the base URL it bound
/// at its first start (restarts reuse the port, so the URL stays valid).
public struct RunningServices: Sendable {
    public struct Entry: Sendable {
        public let role: String
        public let process: ServiceProcess
        public let url: String
    }

    /// In start order: the services first, the entry point that calls them last.
    public private(set) var entries: [Entry] = []

    public init() {}

    /// Starts `processes` in order and adds them; if one fails, stops every
    /// process of this lab started so far.
    public mutating func start(_ processes: [ServiceProcess], http: HTTPClient) async throws {
        for process in processes {
            do {
                try await process.start(http: http)
                entries.append(Entry(role: process.launch.name, process: process, url: try await process.baseURL))
            } catch {
                await stop()
                throw error
            }
        }
    }

    public subscript(role: String) -> ServiceProcess {
        guard let entry = entries.first(where: { $0.role == role }) else {
            preconditionFailure("the lab has no \(role) service; it has \(entries.map(\.role))")
        }
        return entry.process
    }

    public func url(_ role: String) -> String {
        entries.first { $0.role == role }?.url ?? "http://127.0.0.1:0"
    }

    /// `role url, …`, for progress lines.
    public var summary: String {
        entries.map { "\($0.role) \($0.url)" }.joined(separator: ", ")
    }

    /// Stops every process gracefully, the last started first (the entry point
    /// before the services it calls).
    public func stop() async {
        for entry in entries.reversed() { try? await entry.process.stop() }
    }
}
