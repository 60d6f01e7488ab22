import AsyncHTTPClient

/// A part's lab once started: its services (and broker) running, stoppable.
public protocol RunningLab: Sendable {
    /// Stops what the lab started.
    func stop() async
}

extension RunningLab {
    /// Finishes starting a lab (groups joined, a warm-up order through):
    /// when `preparation` fails the lab is stopped, so a failed start leaves
    /// nothing running.
    public func prepared(_ preparation: (Self) async throws -> Void) async throws -> Self {
        do {
            try await preparation(self)
        } catch {
            await stop()
            throw error
        }
        return self
    }
}

/// Starts a lab with a fresh HTTP client, runs `body` with it, and stops the
/// lab and the client whatever happens, so no run leaves processes behind.
public func withLab<Lab: RunningLab, Result>(
    connectionsPerHost: Int = 64,
    start: (HTTPClient) async throws -> Lab,
    _ body: (Lab) async throws -> Result
) async throws -> Result {
    let http = HTTPClientFactory.lab(connectionsPerHost: connectionsPerHost)
    let lab: Lab
    do {
        lab = try await start(http)
    } catch {
        try? await http.shutdown()
        throw error
    }
    let result: Result
    do {
        result = try await body(lab)
    } catch {
        await lab.stop()
        try? await http.shutdown()
        throw error
    }
    await lab.stop()
    try? await http.shutdown()
    return result
}

extension PartRun {
    /// Starts a lab in an emptied work folder and stops it after `body`, as
    /// ``withLab(connectionsPerHost:start:_:)`` does: a benchmark's start.
    public func withFreshLab<Lab: RunningLab, Result>(
        connectionsPerHost: Int = 64,
        start: (HTTPClient) async throws -> Lab,
        _ body: (Lab) async throws -> Result
    ) async throws -> Result {
        try ScratchDirectory.prepareEmpty(workDirectory)
        return try await withLab(connectionsPerHost: connectionsPerHost, start: start, body)
    }

    /// Where the part's evidence goes.
    public func evidence(part: String) -> EvidenceWriter { EvidenceWriter(root: root, part: part) }
}
