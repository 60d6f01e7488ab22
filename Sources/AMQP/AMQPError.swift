/// What went wrong talking to a broker, with what a person needs to act on it.
public enum AMQPError: Error, Sendable, Hashable, CustomStringConvertible {
    /// No TCP connection could be made (refused, unreachable, timed out).
    case connectionFailed(endpoint: String, detail: String)
    /// The broker refused the credentials or the virtual host.
    case loginFailed(endpoint: String, detail: String)
    /// The broker closed the channel, e.g. a declaration that conflicts with an existing queue.
    case channelClosed(code: Int, text: String)
    /// The connection is gone (broker stopped, socket closed, closed by us).
    case connectionClosed(detail: String)
    /// The broker did not confirm a publish (basic.nack).
    case publishNotConfirmed
    /// A call failed inside librabbitmq.
    case library(operation: String, detail: String)
    /// The caller's task was cancelled while waiting (e.g. for a confirm from a paused broker).
    case cancelled(operation: String)
    /// The URL is not of the form `amqp://user:password@host:port/vhost`.
    case invalidURL(String)

    public var description: String {
        switch self {
        case .connectionFailed(let endpoint, let detail): "cannot connect to the AMQP broker at \(endpoint): \(detail)"
        case .loginFailed(let endpoint, let detail): "the AMQP broker at \(endpoint) refused the login: \(detail)"
        case .channelClosed(let code, let text): "the broker closed the channel (\(code)): \(text)"
        case .connectionClosed(let detail): "the AMQP connection is closed: \(detail)"
        case .publishNotConfirmed: "the broker refused (nack'ed) a published message"
        case .library(let operation, let detail): "\(operation) failed: \(detail)"
        case .cancelled(let operation): "\(operation) was cancelled before the broker answered"
        case .invalidURL(let url):
            "'\(AMQPEndpoint.redacted(url))' is not an AMQP URL (amqp://user:password@host:port/vhost)"
        }
    }
}
