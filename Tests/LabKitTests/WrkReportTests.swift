@testable import LabKit
import Testing

@Suite struct WrkReportTests {
    @Test func parsesWrkLatencyOutput() throws {
        let output = """
            Running 10s test @ http://127.0.0.1:8080/order
              2 threads and 16 connections
              Thread Stats   Avg      Stdev     Max   +/- Stdev
                Latency     2.10ms  500.00us  20.00ms   90.00%
              Latency Distribution
                 50%    1.98ms
                 75%  850.00us
                 90%    2.50ms
                 99%    1.20s
              70000 requests in 10.00s, 20.00MB read
              Socket errors: connect 0, read 2, write 1, timeout 0
              Non-2xx or 3xx responses: 12
            Requests/sec:   7000.50
            Transfer/sec:      2.00MB
            """
        let report = try #require(WrkReport(parsing: output))
        #expect(report.requests == 70_000)
        #expect(report.seconds == 10)
        #expect(report.requestsPerSecond == 7000.5)
        #expect(report.non2xx == 12)
        #expect(report.socketErrors == 3)
        #expect(report.latencyPercentiles["50"] == 1.98)
        #expect(report.latencyPercentiles["75"] == 0.85)
        #expect(report.latencyPercentiles["99"] == 1200)
    }

    @Test func rejectsOutputWithoutFigures() {
        #expect(WrkReport(parsing: "unable to connect to 127.0.0.1:1 Connection refused") == nil)
    }
}
