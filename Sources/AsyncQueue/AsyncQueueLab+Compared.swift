import AsyncHTTPClient
import LabBrokers
import LabKit
import OrderDomain
import OrderWorkload

/// Part B in the comparison: poison and duplicate messages go straight to the
/// orders exchange; the dead letters are `orders.dlq`'s depth.
extension AsyncQueueLab: ComparedLab {
    public var costedProcesses: [String: Int32] {
        get async { await processIDs(of: services, broker: broker) }
    }

    public var crashableConsumer: Result<ServiceProcess, NotApplicable> { .success(inventory) }

    public var pausableBroker: Result<LabBroker, NotApplicable> {
        broker.isOwned
            ? .success(broker) : .failure(NotApplicable("AMQP_URL names a broker the lab does not own"))
    }

    public func sendPoisonMessage(_ body: String) async throws -> Result<Void, NotApplicable> {
        try await publishRaw(body)
        return .success(())
    }

    public func sendDuplicateMessage(_ order: Order) async throws -> Result<Void, NotApplicable> {
        let event = OrderPlaced(order: order)
        try await publish(event)
        try await publish(event)
        return .success(())
    }

    public func deadLetters() async throws -> Result<Int, NotApplicable> {
        .success(try await depth(AsyncQueueTopology.deadLetterQueue))
    }

    public var deadLettersPerPoisonMessage: Int { 1 }

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

    public func replay() async throws -> Result<String, NotApplicable> {
        .failure(NotApplicable("no log: an acked message is gone from the queue"))
    }
}

extension AsyncQueuePart: ComparablePart {
    public static let modelName = "B: AMQP queue"

    public static func startCompared(_ setup: ComparedLabSetup, http: HTTPClient, progress: ProgressLog) async throws
        -> any ComparedLab
    {
        try await AsyncQueueLab.start(
            AsyncQueueLab.Options(
                executable: setup.executable, workDirectory: setup.workDirectory, stock: setup.stock,
                amqpURL: setup.brokers.amqpURL), http: http, progress: progress)
    }
}
