import AsyncHTTPClient
import Comparison
import Foundation
import Hummingbird
import LabKit
import Logging
import OrderDomain
import OrderWorkload
import ServiceLifecycle

/// `commlab demo`: brings up the models, streams orders to all of them, and
/// serves the live page until stopped.
public struct DemoRun: Sendable {
    public var options: DemoOptions
    public var progress: ProgressLog

    public init(options: DemoOptions, progress: ProgressLog = ProgressLog()) {
        self.options = options
        self.progress = progress
    }

    /// Runs the demo with the page up, calls `body` with its URL, and stops
    /// everything when `body` returns (or never, for `body` that waits forever).
    public func run<Result: Sendable>(_ body: @Sendable (String, DemoHandle) async throws -> Result) async throws
        -> Result
    {
        guard DemoOptions.isLoopback(options.host) || options.token != nil else {
            throw DemoError.tokenRequired(host: options.host)
        }
        let http = HTTPClientFactory.lab(connectionsPerHost: 512)
        let engine: DemoEngine
        do {
            try ScratchDirectory.prepareEmpty(options.workDirectory)
            let orders = 1_000_000
            let stock = StockLevels(options.workload.stockCovering(orders: orders))
            engine = try await DemoEngine.start(
                parts: options.parts,
                setup: { part in
                    ComparedLabSetup(
                        executable: options.executable, workDirectory: "\(options.workDirectory)/\(part.name)",
                        stock: stock, environment: options.environment,
                        downstreamTimeout: .milliseconds(options.workload.downstreamTimeoutMilliseconds),
                        deployment: options.deployment)
                }, workload: options.workload, rate: options.rate, http: http, progress: progress)
        } catch {
            try? await http.shutdown()
            throw error
        }
        let server = DemoServer(engine: engine, token: options.token, chartLibrary: options.chartLibrary)
        var logger = Logger(label: "commlab.demo")
        logger.logLevel = .warning
        let app = Application(
            router: server.router(), configuration: .init(address: .hostname(options.host, port: options.port)),
            logger: logger)
        let group = ServiceGroup(
            configuration: .init(services: [app], gracefulShutdownSignals: [], logger: logger))
        let serving = Task { try await group.run() }
        let load = Task { await engine.runLoad() }
        let sampler = Task { await engine.runSampler() }
        let handle = DemoHandle(engine: engine)
        let result: Swift.Result<Result, any Error>
        do {
            try await waitUntilListening()
            result = .success(try await body(options.url, handle))
        } catch {
            result = .failure(error)
        }
        load.cancel()
        sampler.cancel()
        _ = await sampler.value
        await engine.closeStreams()
        await group.triggerGracefulShutdown()
        _ = await serving.result
        await engine.stop()
        try? await http.shutdown()
        return try result.get()
    }

    private func waitUntilListening() async throws {
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(10)
        while clock.now < deadline {
            if FreePort.isListening(options.port) { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw DemoError.notListening(options.url)
    }
}

/// What code running beside the demo (the browser test) may ask of it.
public struct DemoHandle: Sendable {
    let engine: DemoEngine

    /// The models' letters, in the page's order.
    public var letters: [String] { engine.members.map(\.letter) }

    /// Whether the model keeps a backlog a reader works off (a queue's depth, a group's lag), read from its
    /// transport now; a model without one refuses orders instead while its inventory is down.
    public func hasBacklog(_ letter: String) async -> Bool {
        guard let member = engine.members.first(where: { $0.letter == letter }) else { return false }
        return await member.lab.readGauges().contains(where: \.isBacklog)
    }

    /// The model's broker console, when the lab owns its broker and the broker has one.
    public func consoleURL(of letter: String) async -> String? {
        engine.members.first(where: { $0.letter == letter })?.lab.pausableBroker?.consoleURL
    }
}

public enum DemoError: Error, CustomStringConvertible {
    case tokenRequired(host: String)
    case notListening(String)

    public var description: String {
        switch self {
        case .tokenRequired(let host):
            "the demo would listen on \(host), beyond loopback: give --token (or COMMLAB_DEMO_TOKEN), which its controls will require"
        case .notListening(let url): "the demo page did not come up at \(url)"
        }
    }
}
