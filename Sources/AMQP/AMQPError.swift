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
    /// The broker would not declare a stream: a queue of that name is not a stream, or its retention differs.
    case streamRefused(stream: String, brokerSaid: String)
    /// A reader asked to resume past the end of its stream: the stream it read is gone (deleted, recreated).
    case offsetBeyondEnd(stream: String, offset: Int64, end: Int64)

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
        case .streamRefused(let stream, let said)
        where said.contains("x-queue-type") || said.contains("current is none"):
            "a queue named '\(stream)' exists on this broker declared otherwise: it is not a stream, or a stream "
                + "declared without this retention; delete it (rabbitmqctl delete_queue \(stream)) or use another "
                + "virtual host (the broker said: \(said))"
        case .streamRefused(let stream, let said):
            "the broker refused stream '\(stream)' as declared: an existing stream of that name has other retention, "
                + "or the broker does not take one of the arguments; delete the stream or declare it as it is "
                + "(the broker said: \(said))"
        case .offsetBeyondEnd(let stream, let offset, let end):
            "this reader stored offset \(offset) of stream '\(stream)', which ends at \(end): the stream was deleted "
                + "or recreated since; reading on would skip its first \(end) records, so it does not. Replay the "
                + "reader (POST /admin/replay) or delete its database to read the stream from its first record"
        }
    }
}
