import AMQP
import AsyncHTTPClient
import Foundation
import NIOCore
import Brokers
import LabKit
import RabbitMQEngine
import OrderDomain
import OrderWorkload

/// Part B in the comparison: poison and duplicate messages go straight to the
/// orders exchange; the dead letters are `orders.dlq`'s depth.
extension AsyncQueueLab: ComparedLab, ConsumerCrashing, BrokerPausing, MessageInjecting, DeadLetterReading,
    TransportGauging
{

    public func deadLetters() async throws -> Int {
        try await depth(AsyncQueueTopology.deadLetterQueue)
    }

    public var deadLettersPerPoisonMessage: Int { 1 }

    /// What RabbitMQ recorded on each message in `orders.dlq` (its `x-death` header: why and from
    /// which queue), read through the management API without taking the messages. The handler's
    /// own reason is in the consumer's log: a nack carries none.
    public func deadLetterReasons() async throws -> [String] {
        guard let console = broker.consoleURL else {
            throw NotApplicable("AMQP_URL names a broker whose management API the lab does not know")
        }
        var request = HTTPClientRequest(url: console + "api/queues/%2F/\(AsyncQueueTopology.deadLetterQueue)/get")
        request.method = .POST
        request.headers.add(name: "Authorization", value: "Basic " + Data("guest:guest".utf8).base64EncodedString())
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(
            ByteBuffer(string: #"{"count":10000,"ackmode":"ack_requeue_true","encoding":"auto","truncate":100}"#))
        let answer = await client.send(request, timeout: .seconds(10))
        guard answer.status == 200, let messages = answer.decode([DeadLetteredMessage].self) else {
            throw LabHTTPError.unexpected(url: console + "api/queues/…/get", exchange: answer)
        }
        return messages.map { message in
            guard let death = message.properties.headers?.xDeath?.first else { return "" }
            return "x-death: \(death.reason) from \(death.queue)"
        }
    }

    private struct DeadLetteredMessage: Decodable {
        struct Properties: Decodable {
            struct Headers: Decodable {
                struct Death: Decodable {
                    var reason: String
                    var queue: String
                }
                var xDeath: [Death]?
                enum CodingKeys: String, CodingKey { case xDeath = "x-death" }
            }
            var headers: Headers?
        }
        var properties: Properties
    }

    /// A queue's depth here is its ready messages only; what the broker already pushed to a consumer (up to
    /// its prefetch) is not in it. So the notification queue is not offered as the other reader's backlog:
    /// cut from its consumer for 5 s at 40 orders/s, it read 0 throughout (B's completion is the notification,
    /// so its completion latency shows that wait instead).
    public func transportGauges() async -> [TransportGauge] {
        var gauges: [TransportGauge] = []
        for queue in AsyncQueueTopology.allQueues {
            guard let state = try? await amqp.inspectQueue(queue) else { continue }
            let kind: TransportGauge.Kind = queue == AsyncQueueTopology.deadLetterQueue ? .deadLetters : .queueDepth
            gauges.append(
                TransportGauge(
                    kind: kind, name: queue, value: Int64(state.messageCount),
                    isBacklog: queue == AsyncQueueTopology.inventoryQueue))
            gauges.append(TransportGauge(kind: .consumers, name: queue, value: Int64(state.consumerCount)))
        }
        return gauges
    }

    public func whyNot(_ capability: LabCapability) -> String {
        switch capability {
        case .replay: "no log: an acked message is gone from the queue"
        default: "\(capability.rawValue): not built for this model"
        }
    }
}

/// Replicated, its queues are quorum queues over three nodes; a node loss takes the inventory queue's leader.
extension AsyncQueueLab: NodeLosing {
    public var leaderQueue: String { AsyncQueueTopology.inventoryQueue }
}

extension AsyncQueueLab: StartableComparedLab {
    /// The lab's options in the comparison: its setup, and this model's own defaults.
    public static func options(compared setup: ComparedLabSetup) -> Options {
        Options(compared: setup, engine: RabbitMQBroker.self)
    }
}

/// The order path ends at the broker: the order service's connections to it.
extension AsyncQueueLab: OrderLinkCutting {
    public var halfOpenDetection: LinkLossDetection? { .amqpHeartbeat(seconds: AMQPEndpoint.defaultHeartbeatSeconds) }
    public var orderService: ServiceProcess { services["order"] }
}

/// The inventory consumer reads from the broker: its link can be cut too.
extension AsyncQueueLab: ConsumerLinkCutting {}

/// B's other reader is the notification consumer, on its own queue.
extension AsyncQueueLab: ReaderLinkCutting {
    public var readerLinkService: ServiceProcess { services["notification"] }
    public var readerLinkRole: String { "notification consumer" }
}

/// B's inventory scales out as competing consumers on its one queue.
extension AsyncQueueLab: ConsumerScaling {
    public var instanceSharing: String {
        "competing consumers on one queue: RabbitMQ hands each message to one consumer, up to "
            + "\(AsyncQueueFlowDefaults.prefetch) unacknowledged each, and again to another if its consumer is lost"
    }

    public var busyInstanceLimit: (count: Int, why: String)? { nil }
}
