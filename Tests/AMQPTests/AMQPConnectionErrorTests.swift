import AMQP
import LabKit
import Testing

/// Failures that need no broker.
@Suite(.timeLimit(.minutes(1))) struct AMQPConnectionErrorTests {
    @Test func refusedConnectionIsAClearErrorNotAHang() async throws {
        let port = try #require(FreePort.find(count: 1).first)
        let endpoint = AMQPEndpoint(host: "127.0.0.1", port: port)
        await #expect {
            _ = try await AMQPConnection.connect(to: endpoint)
        } throws: { error in
            guard case .connectionFailed(let where_, _) = error as? AMQPError else { return false }
            return where_.contains("127.0.0.1:\(port)")
        }
    }

    @Test func urlsAreParsedAndBadOnesRefused() throws {
        let endpoint = try AMQPEndpoint(url: "amqp://lab:secret@10.1.2.3:5673/orders")
        #expect(
            endpoint
                == AMQPEndpoint(host: "10.1.2.3", port: 5673, user: "lab", password: "secret", virtualHost: "orders"))
        #expect(!endpoint.description.contains("secret"))
        #expect(try AMQPEndpoint(url: "amqp://127.0.0.1").port == 5672)
        #expect(throws: AMQPError.invalidURL("http://x")) { try AMQPEndpoint(url: "http://x") }
        #expect(throws: AMQPError.invalidURL("nonsense")) { try AMQPEndpoint(url: "nonsense") }
    }

    /// A heartbeat is asked for by default (a half-open link is otherwise never noticed); the URL's
    /// `heartbeat` query sets another, `0` none, and a value that is no number of seconds is refused.
    @Test func theHeartbeatComesFromTheURLsQueryOrTheDefault() throws {
        #expect(try AMQPEndpoint(url: "amqp://127.0.0.1/").heartbeatSeconds == AMQPEndpoint.defaultHeartbeatSeconds)
        let ten = try AMQPEndpoint(url: "amqp://127.0.0.1:5673/orders?heartbeat=10")
        #expect(ten.heartbeatSeconds == 10)
        #expect(ten.virtualHost == "orders")
        #expect(try AMQPEndpoint(url: ten.url) == ten)
        #expect(try AMQPEndpoint(url: "amqp://127.0.0.1/?heartbeat=0").heartbeatSeconds == 0)
        #expect(throws: AMQPError.invalidURL("amqp://127.0.0.1/?heartbeat=soon")) {
            try AMQPEndpoint(url: "amqp://127.0.0.1/?heartbeat=soon")
        }
    }

    @Test func aMalformedURLsPasswordIsNotEchoed() {
        #expect {
            _ = try AMQPEndpoint(url: "amqp://lab:s3cret-pass@host:notaport/x")
        } throws: { error in
            let text = "\(error)"
            return !text.contains("s3cret-pass") && text.contains("***")
        }
    }
}
