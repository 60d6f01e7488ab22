import Kafka
import Synchronization

/// What Kafka's controller does for the embedded broker of several brokers,
/// which librdkafka's mock leaves to its user: it says which broker leads each
/// partition and coordinates each group, and when a broker is lost it moves
/// that broker's leaderships and groups to one still up, as an election would.
/// The election here is immediate, where a real controller first waits for the
/// broker's session to expire; and the mock keeps one copy of each partition's
/// log whoever leads it, so a node lost here tests the clients' failover, not
/// a replica's copy.
public final class MockClusterController: Sendable {
    private let cluster: KafkaMockCluster
    private let state = Mutex(State())

    /// How long a paused broker holds every answer: longer than any window the lab pauses it for.
    static let pausedRoundTripMilliseconds = 120_000

    struct State {
        var leaders: [PartitionKey: Int32] = [:]
        var coordinators: [String: Int32] = [:]
        var down: Set<Int32> = []
        var paused: Set<Int32> = []
    }

    struct PartitionKey: Hashable, Comparable {
        var topic: String
        var partition: Int32
        static func < (a: Self, b: Self) -> Bool { (a.topic, a.partition) < (b.topic, b.partition) }
    }

    public init(cluster: KafkaMockCluster) {
        self.cluster = cluster
    }

    public var brokerCount: Int { cluster.brokerIDs.count }

    /// Creates `topic` replicated on every broker (up to `replicationFactor`), its leaders spread over them.
    public func createTopic(_ topic: String, partitions: Int, replicationFactor: Int) throws(KafkaError) {
        let factor = min(max(1, replicationFactor), brokerCount)
        try cluster.createTopic(topic, partitions: partitions, replicationFactor: factor)
        guard brokerCount > 1 else { return }
        let ids = cluster.brokerIDs
        for partition in 0..<Int32(partitions) {
            let leader = ids[Int(partition) % ids.count]
            try cluster.setLeader(topic: topic, partition: partition, broker: leader)
            state.withLock { $0.leaders[PartitionKey(topic: topic, partition: partition)] = leader }
        }
    }

    /// Pins `group`'s coordinator to a broker (the next in turn), so a node loss knows whether it moves.
    public func registerGroup(_ group: String) throws(KafkaError) {
        guard brokerCount > 1 else { return }
        let ids = cluster.brokerIDs
        let broker = state.withLock { state in
            state.coordinators[group] ?? ids[state.coordinators.count % ids.count]
        }
        try cluster.setGroupCoordinator(group: group, broker: broker)
        state.withLock { $0.coordinators[group] = broker }
    }

    /// The broker leading partition 0 of `topic`.
    public func leader(of topic: String) throws(MockClusterError) -> Int32 {
        guard let leader = state.withLock({ $0.leaders[PartitionKey(topic: topic, partition: 0)] }) else {
            throw .unknownTopic(topic)
        }
        return leader
    }

    /// Takes down the broker leading `topic` and elects new leaders and coordinators for what it held.
    public func kill(leaderOf topic: String) throws -> String {
        let broker = try leader(of: topic)
        return try kill([broker], reason: "leading \(topic)[0]")
    }

    private func kill(_ brokers: [Int32], reason: String) throws -> String {
        for broker in brokers { try cluster.setBroker(broker, up: false) }
        let moves = state.withLock { state -> (partitions: [(PartitionKey, Int32)], groups: [(String, Int32)])? in
            state.down.formUnion(brokers)
            let live = cluster.brokerIDs.filter { !state.down.contains($0) }
            guard !live.isEmpty else { return nil }
            let preferred = live.filter { !state.paused.contains($0) }
            let candidates = preferred.isEmpty ? live : preferred
            var partitions: [(PartitionKey, Int32)] = []
            for (index, key) in state.leaders.keys.sorted().enumerated()
            where state.leaders[key].map(state.down.contains) ?? false {
                let next = candidates[index % candidates.count]
                state.leaders[key] = next
                partitions.append((key, next))
            }
            var groups: [(String, Int32)] = []
            for (index, group) in state.coordinators.keys.sorted().enumerated()
            where state.coordinators[group].map(state.down.contains) ?? false {
                let next = candidates[index % candidates.count]
                state.coordinators[group] = next
                groups.append((group, next))
            }
            return (partitions, groups)
        }
        let ids = brokers.map(String.init).joined(separator: ", ")
        guard let moves else { return "broker \(ids) (\(reason)) down; no broker left to lead" }
        for (key, broker) in moves.partitions {
            try cluster.setLeader(topic: key.topic, partition: key.partition, broker: broker)
        }
        for (group, broker) in moves.groups { try cluster.setGroupCoordinator(group: group, broker: broker) }
        return "broker \(ids) (\(reason)) down; \(moves.partitions.count) partition leader(s) and "
            + "\(moves.groups.count) group coordinator(s) moved to the brokers still up"
    }

    /// Holds every answer of the broker leading `topic`: its connections stay open, nothing comes back.
    public func pause(leaderOf topic: String) throws -> String {
        let broker = try leader(of: topic)
        try cluster.setRoundTrip(broker, milliseconds: Self.pausedRoundTripMilliseconds)
        state.withLock { _ = $0.paused.insert(broker) }
        return "broker \(broker) (leading \(topic)[0]) answers nothing (every answer held)"
    }

    /// Every broker up and answering again; leaderships stay where the elections put them. A paused broker's
    /// held answers are dropped with its connections (see below): its clients resend.
    public func restore() throws -> String {
        let (down, paused) = state.withLock { state in
            defer {
                state.down = []
                state.paused = []
            }
            return (state.down, state.paused)
        }
        for broker in down.sorted() { try cluster.setBroker(broker, up: true) }
        // The mock fixes an answer's delay when it queues it, so what a paused broker held would still wait out
        // the whole delay: its connections are closed instead, and the clients send those requests again.
        for broker in paused.sorted() where !down.contains(broker) {
            try cluster.setRoundTrip(broker, milliseconds: 0)
            try cluster.setBroker(broker, up: false)
            try cluster.setBroker(broker, up: true)
        }
        if down.isEmpty, paused.isEmpty { return "every broker already up" }
        return "brokers up again: \((down.union(paused)).sorted().map(String.init).joined(separator: ", "))"
    }

    /// One line per broker: up, down or paused, and what it leads.
    public func describe() -> String {
        state.withLock { state in
            cluster.brokerIDs.map { broker in
                let led = state.leaders.filter { $0.value == broker }.count
                let groups = state.coordinators.filter { $0.value == broker }.keys.sorted()
                let status = state.down.contains(broker) ? "down" : state.paused.contains(broker) ? "paused" : "up"
                return "broker \(broker): \(status), leads \(led) partition(s)"
                    + (groups.isEmpty ? "" : ", coordinates \(groups.joined(separator: ", "))")
            }
            .joined(separator: "\n")
        }
    }
}

/// What the embedded cluster's controller refuses.
public enum MockClusterError: Error, CustomStringConvertible {
    case unknownTopic(String)

    public var description: String {
        switch self {
        case .unknownTopic(let topic):
            "no partition leaders known for topic \(topic): the lab creates its topics through the control endpoint"
        }
    }
}
