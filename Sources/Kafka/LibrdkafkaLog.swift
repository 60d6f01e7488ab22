import CRdKafka
import Foundation
import Logging

/// librdkafka's own log lines, sent through swift-log instead of straight to
/// stderr, so they follow the process's log level and format. Every failure a
/// caller must act on also comes back as a thrown ``KafkaError``; these lines
/// are diagnostics, so an `err` (a refused connection while a broker is down)
/// is a notice here, not an error.
enum LibrdkafkaLog {
    /// Made on first use, after the process has bootstrapped its logging; its threshold is
    /// `COMMLAB_LOG_LEVEL` (default warning), as a service's is, also where nothing bootstrapped
    /// logging (tests), so a refused connection is not printed unless asked for.
    static let logger: Logger = {
        var logger = Logger(label: "librdkafka")
        logger.logLevel =
            ProcessInfo.processInfo.environment["COMMLAB_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .warning
        return logger
    }()

    /// Installs the callback on a configuration.
    static func install(on conf: OpaquePointer) {
        rd_kafka_conf_set_log_cb(conf) { _, level, facility, message in
            let text = message.map { String(cString: $0) } ?? ""
            let source = facility.map { String(cString: $0) } ?? "librdkafka"
            // Requests that went unanswered (socket.timeout.ms) and the connection given up for it are what a
            // half-open link looks like: shown at the default level, unlike a refused connection.
            let shown = text.contains("timed out") ? max(.warning, LibrdkafkaLog.level(syslog: level)) : nil
            LibrdkafkaLog.logger.log(level: shown ?? LibrdkafkaLog.level(syslog: level), "\(source): \(text)")
        }
    }

    /// syslog levels (0 emerg … 7 debug) in swift-log's terms.
    static func level(syslog: Int32) -> Logger.Level {
        switch syslog {
        case ...2: .error
        case 3: .notice
        case 4: .info
        case 5, 6: .debug
        default: .trace
        }
    }
}
