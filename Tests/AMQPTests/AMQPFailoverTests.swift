import AMQP
import Foundation
import LabKit
import Testing

/// A URL list names a cluster's nodes: a connection tries them in turn, so a client whose node is gone
/// reaches the next (librabbitmq has no failover of its own).
@Suite(.timeLimit(.minutes(1)))
struct AMQPFailoverTests {
    @Test func aListParsesIntoNodesInOrderAndBackIntoTheSameList() throws {
        let list = "amqp://guest:guest@127.0.0.1:5001/,amqp://guest:guest@127.0.0.1:5002/,amqp://u:p@h3:5003/v"
        let endpoint = try AMQPEndpoint(url: list)
        #expect(endpoint.nodes.map(\.port) == [5001, 5002, 5003])
        #expect(endpoint.nodes[2].virtualHost == "v")
        #expect(endpoint.url == list)
        #expect(!endpoint.description.contains(":p@"), "no password in what is logged")
        #expect(try AMQPEndpoint(url: "amqp://127.0.0.1:5001/").nodes.count == 1)
    }

    @Test(arguments: ["amqp://127.0.0.1:5001/,", ",amqp://127.0.0.1:5001/", "amqp://127.0.0.1:5001/,http://x:1/"])
    func aBrokenListIsRefused(_ list: String) {
        #expect(throws: AMQPError.self) { try AMQPEndpoint(url: list) }
    }

    @Test func aNodeThatIsDownIsPassedForTheNext() async throws {
        let url = try #require(brokerURL, "needs AMQP_URL; scripts/test.sh starts a private RabbitMQ node")
        let down = try #require(FreePort.find(count: 1).first)
        let connection = try await AMQPConnection.connect(url: "amqp://guest:guest@127.0.0.1:\(down)/,\(url)")
        let queue = "failover-\(UUID().uuidString.prefix(8))"
        _ = try await connection.declareQueue(AMQPQueueDeclaration(name: queue, durable: false))
        try await connection.publish(Array("x".utf8), exchange: "", routingKey: queue)
        #expect(try await connection.inspectQueue(queue).messageCount == 1)
        _ = try await connection.deleteQueue(queue)
        await connection.close()
    }

    @Test func whenNoNodeAnswersTheFirstNodesErrorIsThrown() async throws {
        let ports = FreePort.find(count: 2)
        try #require(ports.count == 2)
        do {
            _ = try await AMQPConnection.connect(
                url: "amqp://guest:guest@127.0.0.1:\(ports[0])/,amqp://guest:guest@127.0.0.1:\(ports[1])/")
            Issue.record("connected to nothing")
        } catch {
            #expect("\(error)".contains("\(ports[0])"), "\(error)")
        }
    }
}
