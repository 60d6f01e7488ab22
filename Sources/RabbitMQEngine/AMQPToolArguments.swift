import AMQP

/// How Debian's amqp-tools (`amqp-publish`, `amqp-consume`) reach a broker:
/// the scenarios that check the seeds' format write with them.
public enum AMQPToolArguments {
    /// `--server … --password …` for `endpoint` (the lab's own loopback broker, or the user's: the password
    /// is on the tool's command line, so `ps` shows it for the moment it runs).
    public static func connection(_ endpoint: AMQPEndpoint) -> [String] {
        [
            "--server=\(endpoint.host)", "--port=\(endpoint.port)", "--vhost=\(endpoint.virtualHost)",
            "--username=\(endpoint.user)", "--password=\(endpoint.password)",
        ]
    }
}
