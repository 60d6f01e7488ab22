import Foundation

/// Where a broker is and how to log in: parsed from `amqp://user:password@host:port/vhost`.
public struct AMQPEndpoint: Sendable, Hashable, CustomStringConvertible {
    public var host: String
    public var port: Int
    public var user: String
    public var password: String
    public var virtualHost: String

    public init(
        host: String = "127.0.0.1", port: Int = 5672, user: String = "guest", password: String = "guest",
        virtualHost: String = "/"
    ) {
        self.host = host
        self.port = port
        self.user = user
        self.password = password
        self.virtualHost = virtualHost
    }

    public init(url: String) throws(AMQPError) {
        guard let components = URLComponents(string: url), components.scheme == "amqp", let host = components.host,
            !host.isEmpty
        else { throw .invalidURL(url) }
        let path = components.percentEncodedPath
        let vhost = path.isEmpty || path == "/" ? "/" : String(path.dropFirst()).removingPercentEncoding ?? "/"
        self.init(
            host: host, port: components.port ?? 5672, user: components.user ?? "guest",
            password: components.password ?? "guest", virtualHost: vhost)
    }

    /// The URL without the password, for messages and logs.
    public var description: String {
        "amqp://\(user)@\(host):\(port)/\(virtualHost == "/" ? "" : virtualHost)"
    }

    public var url: String {
        let vhost =
            virtualHost == "/" ? "" : virtualHost.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? ""
        return "amqp://\(user):\(password)@\(host):\(port)/\(vhost)"
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
