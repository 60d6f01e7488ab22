import Faults
import Foundation
import Hummingbird
import HummingbirdTesting
import LabKit
import Messaging
import OrderDomain
import OrderWorkload
import Synchronization
import Testing

/// The order entry every brokered part serves, over publishers that stand in for a transport's answers
/// (the parts' own tests and scenarios run it over real brokers).
@Suite(.timeLimit(.minutes(1))) struct OrderEntryServiceTests {
    /// Records what it is given and answers as it is told: confirm with a receipt, fail, or never answer.
    final class ScriptedPublisher: MessagePublisher {
        enum Answer: Sendable { case confirm(PublishReceipt), fail, hang }
        let answer: Answer
        let published = Mutex<[OutboundMessage]>([])

        init(_ answer: Answer) { self.answer = answer }

        func publish(_ message: OutboundMessage) async throws {
            _ = try await publishReporting(message)
        }

        func publishReporting(_ message: OutboundMessage) async throws -> PublishReceipt {
            published.withLock { $0.append(message) }
            switch answer {
            case .confirm(let receipt): return receipt
            case .fail: throw CancellationError()
            case .hang:
                try await Task.sleep(for: .seconds(3600))
                return PublishReceipt()
            }
        }
    }

    func service(_ publisher: ScriptedPublisher, deadline: Duration = .seconds(5)) -> OrderEntryService {
        OrderEntryService(
            publisher: publisher,
            message: {
                OutboundMessage(destination: "orders", key: $0.order.orderID, body: [], messageID: $0.messageID)
            },
            faults: FaultInjector(), name: "order", destination: "the test broker", publishDeadline: deadline)
    }

    let order = ByteBuffer(string: #"{"order_id":"o-1","user_id":"u","item":"pizza","quantity":2}"#)

    @Test func aConfirmedOrderIs202WithItsIdsAndWhereTheLogPutIt() async throws {
        let publisher = ScriptedPublisher(.confirm(PublishReceipt(partition: 2, offset: 41)))
        try await Application(router: service(publisher).router()).test(.router) { client in
            try await client.execute(uri: "/order", method: .post, body: order) { response in
                #expect(response.status == .accepted)
                let accepted = try JSONDecoder().decode(
                    OrderEntryService.Accepted.self, from: Data(buffer: response.body))
                #expect(accepted.orderID == "o-1")
                #expect(accepted.partition == 2 && accepted.offset == 41)
                #expect(publisher.published.withLock { $0.map(\.messageID) } == [accepted.messageID])
            }
        }
    }

    @Test func aQueueWithoutPositionsLeavesThemOut() async throws {
        let publisher = ScriptedPublisher(.confirm(PublishReceipt()))
        try await Application(router: service(publisher).router()).test(.router) { client in
            try await client.execute(uri: "/order", method: .post, body: order) { response in
                #expect(response.status == .accepted)
                #expect(!String(buffer: response.body).contains("offset"))
            }
        }
    }

    @Test func aFailedPublishIs503NamingTheDestinationAndTheOrder() async throws {
        try await Application(router: service(ScriptedPublisher(.fail)).router()).test(.router) { client in
            try await client.execute(uri: "/order", method: .post, body: order) { response in
                #expect(response.status == .serviceUnavailable)
                let text = String(buffer: response.body)
                #expect(text.contains("broker_unavailable") && text.contains("the test broker") && text.contains("o-1"))
            }
        }
    }

    /// The publisher would wait an hour: only the deadline can end the request within the suite's time limit.
    @Test func aPublishThatNeverConfirmsIs503AtTheDeadline() async throws {
        let entry = service(ScriptedPublisher(.hang), deadline: .milliseconds(300))
        try await Application(router: entry.router()).test(.router) { client in
            try await client.execute(uri: "/order", method: .post, body: order) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(String(buffer: response.body).contains("no answer within"))
            }
        }
    }

    @Test func aBadBodyIsRefusedBeforeAnythingIsPublished() async throws {
        let publisher = ScriptedPublisher(.confirm(PublishReceipt()))
        try await Application(router: service(publisher).router()).test(.router) { client in
            try await client.execute(uri: "/order", method: .post, body: ByteBuffer(string: "{oops")) { response in
                #expect(response.status == .badRequest)
            }
        }
        #expect(publisher.published.withLock { $0.isEmpty })
    }
}
