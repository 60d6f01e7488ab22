import AsyncHTTPClient

/// The HTTP clients of the lab: services calling each other and the lab
/// driving services share one shape, a keep-alive pool sized for the
/// concurrency, that reports a down service at once instead of retrying
/// the connect until the request's deadline.
public enum HTTPClientFactory {
    /// For a service's blocking calls to its downstream services.
    public static func downstream(connectionsPerHost: Int = 128) -> HTTPClient {
        make(connectionsPerHost: connectionsPerHost)
    }

    /// For the lab's scenarios and load generators.
    public static func lab(connectionsPerHost: Int = 64) -> HTTPClient {
        make(connectionsPerHost: connectionsPerHost)
    }

    /// How long a connect may take before the request fails with "connect timeout".
    public static let connectTimeout: Duration = .seconds(1)

    private static func make(connectionsPerHost: Int) -> HTTPClient {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = .init(
            idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: connectionsPerHost)
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.timeout = .init(connect: .init(connectTimeout))
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }
}
