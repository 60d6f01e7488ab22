import AsyncHTTPClient

/// Every running instance of one role of a lab — the one the lab started
/// with and those added while it runs — so a role can be scaled out and in
/// under load. Added instances are numbered from 2 and a number is never
/// reused, so each keeps its own log.
public actor RoleInstances {
    public nonisolated let role: String
    private let first: ServiceProcess
    private let make: @Sendable (_ name: String) -> ServiceProcess
    private var added: [ServiceProcess] = []
    private var lastNumber = 1

    /// How an instance leaves.
    public enum Leaving: String, Sendable {
        /// SIGTERM: it finishes what it holds and says goodbye to its broker.
        case graceful
        /// SIGKILL: what it held unfinished is the broker's to hand out again.
        case killed
    }

    /// `make` builds the process of an added instance named `name`.
    public init(role: String, first: ServiceProcess, make: @escaping @Sendable (_ name: String) -> ServiceProcess) {
        self.role = role
        self.first = first
        self.make = make
    }

    /// The instances, oldest first.
    public var all: [ServiceProcess] { [first] + added }
    public var count: Int { 1 + added.count }

    /// Starts one more instance and waits until it answers.
    @discardableResult
    public func add(http: HTTPClient) async throws -> ServiceProcess {
        lastNumber += 1
        let process = make("\(role)-\(lastNumber)")
        try await process.start(http: http)
        added.append(process)
        return process
    }

    /// Stops the newest added instance; nil when only the first is left (a role is never scaled to zero).
    @discardableResult
    public func removeNewest(_ leaving: Leaving, grace: Duration = .seconds(30)) async throws -> ServiceProcess? {
        guard let process = added.popLast() else { return nil }
        switch leaving {
        case .graceful: _ = try await process.stop(grace: grace)
        case .killed: try await process.kill()
        }
        return process
    }

    /// Adds or removes (gracefully) instances until there are `target`.
    public func scale(to target: Int, http: HTTPClient) async throws {
        guard target >= 1 else { throw RoleInstancesError.belowOne(role: role, requested: target) }
        while count < target { try await add(http: http) }
        while count > target { try await removeNewest(.graceful) }
    }

    /// Stops every added instance; the first is its lab's to stop.
    public func stopAdded() async {
        while let process = added.popLast() { _ = try? await process.stop() }
    }

    /// Process ids by instance name, of the instances running now.
    public var processIDs: [String: Int32] {
        get async {
            var pids: [String: Int32] = [:]
            for process in all {
                if let pid = await process.pid { pids[process.launch.name] = pid }
            }
            return pids
        }
    }

    /// Base URLs by instance name, oldest first.
    public var urls: [(name: String, url: String)] {
        get async throws {
            var urls: [(String, String)] = []
            for process in all { urls.append((process.launch.name, try await process.baseURL)) }
            return urls
        }
    }
}

public enum RoleInstancesError: Error, CustomStringConvertible, Equatable {
    case belowOne(role: String, requested: Int)

    public var description: String {
        switch self {
        case .belowOne(let role, let requested):
            "\(role): \(requested) instances asked for; a role runs at least one (stop the lab to stop it all)"
        }
    }
}
