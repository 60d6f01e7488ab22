import Brokers
import Foundation
import LabKit

/// Node faults on a running ``RabbitMQCluster`` (``BrokerNodeAction``), and the nodes they left paused or
/// down until ``BrokerNodeAction/restore``, so a stop or the next fault finds them.
actor RabbitMQNodeFaults {
    let cluster: RabbitMQCluster
    private var paused: [RabbitMQNode] = []
    private var killed: [RabbitMQNode] = []

    init(cluster: RabbitMQCluster) {
        self.cluster = cluster
    }

    func perform(_ action: BrokerNodeAction) async throws -> String {
        switch action {
        case .kill(let queue, let restartAfter):
            let (victim, why) = await leader(of: queue)
            await victim.killEveryProcess()
            try await Task.sleep(for: restartAfter)
            try await victim.relaunch()
            return "\(victim.nodeName) SIGKILLed (\(why)), started again after \(Int(restartAfter.milliseconds)) ms"
        case .pause(let queue):
            let (victim, why) = await leader(of: queue)
            guard let pid = victim.virtualMachinePID else {
                throw RabbitMQNodeError.controlFailed("pause", "\(victim.nodeName) has no running Erlang VM")
            }
            await ProcessPause.stop(pid)
            paused.append(victim)
            return "\(victim.nodeName) paused (SIGSTOP; \(why))"
        case .killMajority(let queue):
            let (leader, why) = await leader(of: queue)
            let others = cluster.nodes.filter { $0.nodeName != leader.nodeName && $0.isRunning }
            let majority = cluster.nodes.count / 2 + 1
            let victims = [leader] + others.prefix(majority - 1)
            for victim in victims { await victim.killEveryProcess() }
            killed += victims
            return "\(victims.map(\.nodeName).joined(separator: " and ")) SIGKILLed (\(why) and "
                + "\(victims.count - 1) more): \(cluster.nodes.count - victims.count) of \(cluster.nodes.count) left"
        case .restore:
            var done: [String] = []
            for node in paused {
                if let pid = node.virtualMachinePID { ProcessPause.resume(pid) }
                done.append("\(node.nodeName) resumed (SIGCONT)")
            }
            paused = []
            // Started together: a node coming back waits for the cluster's other nodes before it listens.
            let restarting = killed
            killed = []
            try await withThrowingTaskGroup(of: Void.self) { group in
                for node in restarting { group.addTask { try await node.relaunch() } }
                try await group.waitForAll()
            }
            done += restarting.map { "\($0.nodeName) started again from its data" }
            return done.isEmpty ? "no node was down" : done.joined(separator: "; ")
        }
    }

    /// Thaws what is paused, so the cluster can be stopped.
    func thawAll() {
        for node in paused { if let pid = node.virtualMachinePID { ProcessPause.resume(pid) } }
        paused = []
    }

    private func leader(of queue: String) async -> (RabbitMQNode, String) {
        if let leader = try? await cluster.leader(of: queue) { return (leader, "the leader of \(queue)") }
        return (cluster.nodes[0], "no leader of \(queue) known: the first node")
    }
}
