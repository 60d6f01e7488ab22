import CRdKafka

/// librdkafka settings as a typed value: the ones the lab relies on are
/// properties; anything else goes in `extra` under librdkafka's own names.
public struct KafkaConfiguration: Sendable, Hashable {
    /// `host:port[,host:port…]`.
    public var bootstrapServers: String
    /// How long a fetch may wait for data. The embedded mock holds every
    /// fetch for the full time even when data is waiting, so keep it low.
    public var fetchWaitMaxMilliseconds = 10
    /// How soon a vanished group member is dropped (the mock drops it only then).
    public var sessionTimeoutMilliseconds = 6_000
    /// How long a produce may take before it fails (broker down → an error, not a hang).
    public var messageTimeoutMilliseconds = 10_000
    /// `socket.timeout.ms`: how long a request to a broker may go unanswered before librdkafka gives the
    /// connection up and makes another — what bounds a half-open link (replies lost, connection still up).
    /// librdkafka's own default, 60 s, unless set.
    public var socketTimeoutMilliseconds = 60_000
    /// Nagle's algorithm on the client's sockets (`socket.nagle.disable`, librdkafka's default: on). Off
    /// here, as the Java client has it: on a link slower than loopback each request waited for the TCP
    /// acknowledgement of the one before (measured with +100 ms on the order path at 40 orders/s: client
    /// p90 295 ms with it on, 211 ms off).
    public var nagle = false
    /// How long the producer waits to batch messages.
    public var lingerMilliseconds = 1
    public var extra: [String: String] = [:]

    public init(bootstrapServers: String) {
        self.bootstrapServers = bootstrapServers
    }

    var producerSettings: [String: String] {
        [
            "bootstrap.servers": bootstrapServers, "message.timeout.ms": String(messageTimeoutMilliseconds),
            "linger.ms": String(lingerMilliseconds), "enable.idempotence": "false", "acks": "all",
            "socket.timeout.ms": String(socketTimeoutMilliseconds), "socket.nagle.disable": String(!nagle),
        ].merging(extra) { $1 }
    }

    func consumerSettings(group: String) -> [String: String] {
        [
            "bootstrap.servers": bootstrapServers, "group.id": group, "enable.auto.commit": "false",
            "enable.auto.offset.store": "false", "auto.offset.reset": "earliest",
            "fetch.wait.max.ms": String(fetchWaitMaxMilliseconds),
            "session.timeout.ms": String(sessionTimeoutMilliseconds),
            "socket.timeout.ms": String(socketTimeoutMilliseconds), "socket.nagle.disable": String(!nagle),
            "heartbeat.interval.ms": String(max(100, sessionTimeoutMilliseconds / 6)),
            "enable.partition.eof": "false",
        ].merging(extra) { $1 }
    }

    /// Builds an rd_kafka_conf_t; the caller owns it until rd_kafka_new takes it.
    static func makeConf(_ settings: [String: String]) throws(KafkaError) -> OpaquePointer {
        guard let conf = rd_kafka_conf_new() else {
            throw KafkaError(operation: "rd_kafka_conf_new", code: -1, reason: "out of memory")
        }
        LibrdkafkaLog.install(on: conf)
        var buffer = [CChar](repeating: 0, count: 512)
        for (key, value) in settings.sorted(by: { $0.key < $1.key }) {
            if rd_kafka_conf_set(conf, key, value, &buffer, buffer.count) != RD_KAFKA_CONF_OK {
                rd_kafka_conf_destroy(conf)
                throw KafkaError(operation: "setting \(key)=\(value)", code: -1, reason: String(cString: buffer))
            }
        }
        return conf
    }
}
