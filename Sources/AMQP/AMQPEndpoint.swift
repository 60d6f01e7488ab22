import Foundation

/// Where a broker is and how to log in: parsed from `amqp://user:password@host:port/vhost`.
public struct AMQPEndpoint: Sendable, Hashable, CustomStringConvertible {
    public var host: String
    public var port: Int
    public var user: String
    public var password: String
    public var virtualHost: String
    /// The AMQP heartbeat asked of the broker, in seconds (0: none). Without one a connection whose replies
    /// stop coming (a half-open link) is never found broken; with one, the client gives it up after two
    /// heartbeats without a byte from the broker. 5 s: a half-open link is noticed within about 11 s (two
    /// heartbeats and the connection thread's 1 s poll), longer than the comparison's 5 s broker pause.
    public var heartbeatSeconds: Int
    /// The other nodes of a cluster, tried in turn when this one cannot be reached (librabbitmq has no
    /// failover of its own): from a URL list, `amqp://…:5672/,amqp://…:5673/`. Empty for one broker.
    public var fallbacks: [AMQPEndpoint] = []

    public static let defaultHeartbeatSeconds = 5

    public init(
        host: String = "127.0.0.1", port: Int = 5672, user: String = "guest", password: String = "guest",
        virtualHost: String = "/", heartbeatSeconds: Int = AMQPEndpoint.defaultHeartbeatSeconds
    ) {
        self.host = host
        self.port = port
        self.user = user
        self.password = password
        self.virtualHost = virtualHost
        self.heartbeatSeconds = heartbeatSeconds
    }

    public init(url: String) throws(AMQPError) {
        let list = url.split(separator: ",", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        if list.count > 1 {
            guard !list.contains(where: \.isEmpty) else { throw .invalidURL(url) }
            try self.init(url: list[0])
            for other in list.dropFirst() { fallbacks.append(try AMQPEndpoint(url: other)) }
            return
        }
        guard let components = URLComponents(string: url), components.scheme == "amqp", let host = components.host,
            !host.isEmpty
        else { throw .invalidURL(url) }
        let path = components.percentEncodedPath
        let vhost = path.isEmpty || path == "/" ? "/" : String(path.dropFirst()).removingPercentEncoding ?? "/"
        // RabbitMQ's URI spec names the heartbeat as a query parameter: amqp://host/?heartbeat=10.
        let heartbeat = components.queryItems?.first { $0.name == "heartbeat" }?.value
        guard let seconds = heartbeat.map({ Int($0) }) ?? Self.defaultHeartbeatSeconds, (0...3600).contains(seconds)
        else { throw .invalidURL(url) }
        self.init(
            host: host, port: components.port ?? 5672, user: components.user ?? "guest",
            password: components.password ?? "guest", virtualHost: vhost, heartbeatSeconds: seconds)
    }

    /// This node, then its fallbacks, each on its own: the order a connection tries them in.
    public var nodes: [AMQPEndpoint] {
        var single = self
        single.fallbacks = []
        return [single] + fallbacks.flatMap(\.nodes)
    }

    /// The URL without the password, for messages and logs.
    public var description: String {
        nodes.map { "amqp://\($0.user)@\($0.host):\($0.port)/\($0.virtualHost == "/" ? "" : $0.virtualHost)" }
            .joined(separator: ",")
    }

    public var url: String { nodes.map(\.singleURL).joined(separator: ",") }

    private var singleURL: String {
        let vhost =
            virtualHost == "/" ? "" : virtualHost.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? ""
        let query = heartbeatSeconds == Self.defaultHeartbeatSeconds ? "" : "?heartbeat=\(heartbeatSeconds)"
        return "amqp://\(user):\(password)@\(host):\(port)/\(vhost)\(query)"
    }

    /// `url` with any password replaced by `***`, for errors and logs: a
    /// malformed URL may still carry a real password.
    public static func redacted(_ url: String) -> String {
        guard let scheme = url.range(of: "://") else { return url }
        let rest = url[scheme.upperBound...]
        guard let at = rest.lastIndex(of: "@"), let colon = rest[..<at].firstIndex(of: ":") else { return url }
        return String(url[..<rest.index(after: colon)]) + "***" + String(rest[at...])
    }
}
