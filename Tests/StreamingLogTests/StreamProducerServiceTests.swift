import Faults
import Foundation
import Hummingbird
import HummingbirdTesting
import Kafka
import LabKit
import Logging
import OrderDomain
import OrderWorkload
import StreamingLog
import Testing

/// Part C's producer when no broker answers: a clear 503 once the message
/// timeout passes, never a 202; bad bodies are 400s before anything is produced.
@Suite struct StreamProducerServiceTests {
    func withService(_ body: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let port = try #require(FreePort.find(count: 1).first)
        var configuration = KafkaConfiguration(bootstrapServers: "127.0.0.1:\(port)")
        configuration.messageTimeoutMilliseconds = 1_000
        let producer = try KafkaProducer(configuration: configuration)
        let service = OrderEntryService(
            publisher: producer, message: StreamingTopology.orderPlaced, faults: FaultInjector(), name: "producer",
            destination: "topic \(StreamingTopology.orderEvents)")
        do {
            try await Application(router: service.router()).test(.router, body)
        } catch {
            await producer.shutdown()
            throw error
        }
        await producer.shutdown()
    }

    @Test func brokerDownIs503NotA202() async throws {
        try await withService { client in
            let body = ByteBuffer(string: #"{"user_id":"u","item":"pizza","quantity":1}"#)
            try await client.execute(uri: "/order", method: .post, body: body) { response in
                #expect(response.status == .serviceUnavailable)
                let error = try JSONDecoder().decode(ErrorBody.self, from: Data(buffer: response.body))
                #expect(error.error.code == "broker_unavailable")
            }
        }
    }

    @Test(arguments: [
        ("{oops", 400, "malformed_json"), (#"{"user_id":"u","item":"pizza","quantity":-2}"#, 400, "invalid_field"),
        (#"{"user_id":"u","item":"pizza"}"#, 400, "missing_field"),
        (
            #"{"user_id":"u","item":""# + String(repeating: "p", count: OrderLimits.standard.maxBodyBytes) + #""}"#,
            413,
            "body_too_large"
        ),
    ])
    func badBodiesAreRefusedWithTheirCode(body: String, status: Int, code: String) async throws {
        try await withService { client in
            try await client.execute(uri: "/order", method: .post, body: ByteBuffer(string: body)) { response in
                #expect(response.status.code == status)
                let error = try JSONDecoder().decode(ErrorBody.self, from: Data(buffer: response.body))
                #expect(error.error.code == code)
            }
        }
    }
}

/// A replay that cannot start is refused with the reason, and clears nothing.
@Suite(.timeLimit(.minutes(1))) struct AnalyticsReplayRefusalTests {
    @Test func aMemberWithoutPartitionsRefusesToReplay() async throws {
        let port = try #require(FreePort.find(count: 1).first)
        let options = try StreamingLogServeOptions.parse(["--kafka-brokers", "127.0.0.1:\(port)", "--in-memory"])
        let built = try StreamingLogServices.build(.analytics, options: options, logger: Logger(label: "test"))
        try await Application(router: built.router).test(.router) { client in
            try await client.execute(uri: "/admin/replay", method: .post) { response in
                #expect(response.status == .conflict)
                let error = try JSONDecoder().decode(ErrorBody.self, from: Data(buffer: response.body))
                #expect(error.error.code == "replay_not_possible")
            }
        }
        for case let producer as KafkaProducer in built.clients { await producer.shutdown() }
    }
}
