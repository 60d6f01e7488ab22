import Logging
import Testing

@testable import Kafka

/// librdkafka's lines go through swift-log at levels that keep a refused connection (also thrown to the
/// caller) out of a default log, and its real emergencies in.
@Suite struct LibrdkafkaLogTests {
    @Test func syslogLevelsMapToDiagnostics() {
        #expect(LibrdkafkaLog.level(syslog: 0) == .error)
        #expect(LibrdkafkaLog.level(syslog: 2) == .error)
        #expect(LibrdkafkaLog.level(syslog: 3) == .notice)
        #expect(LibrdkafkaLog.level(syslog: 4) == .info)
        #expect(LibrdkafkaLog.level(syslog: 6) == .debug)
        #expect(LibrdkafkaLog.level(syslog: 7) == .trace)
    }
}
