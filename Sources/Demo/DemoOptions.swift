import Comparison
import LabKit
import OrderWorkload

/// How a demo is run: where it listens, the order rate, which models, where their files go.
public struct DemoOptions: Sendable {
    public var host: String
    public var port: Int
    /// Needed by the controls when `host` is not loopback.
    public var token: String?
    public var rate: Double
    public var parts: [any ComparablePart.Type]
    public var workload: CompareWorkload
    public var executable: String
    public var workDirectory: String
    public var environment: [String: String]
    public var chartLibrary: String = DemoServer.debianChartJS
    /// One broker node per model, or replicated (the models that can run so; their node faults on the page).
    public var deployment = Deployment.single

    public init(
        host: String, port: Int, token: String?, rate: Double, parts: [any ComparablePart.Type],
        workload: CompareWorkload, executable: String, workDirectory: String, environment: [String: String]
    ) {
        self.host = host
        self.port = port
        self.token = token
        self.rate = rate
        self.parts = parts
        self.workload = workload
        self.executable = executable
        self.workDirectory = workDirectory
        self.environment = environment
    }

    public static func isLoopback(_ host: String) -> Bool {
        ["127.0.0.1", "::1", "localhost"].contains(host) || host.hasPrefix("127.")
    }

    public var url: String {
        let shown = host.contains(":") ? "[\(host)]" : host
        return "http://\(shown):\(port)/"
    }
}
