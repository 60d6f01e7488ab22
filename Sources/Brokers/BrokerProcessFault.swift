/// A fault the lab does to a broker's process, where the engine supports it.
public enum BrokerProcessFault: String, Sendable, Hashable, CaseIterable, Codable {
    /// SIGSTOP, then SIGCONT: the port stays open, nothing answers.
    case pause
    /// The broker's application stopped and started again on its data.
    case restart
    /// SIGKILL of the broker's processes, then the broker started again from its data folder.
    case crash
    /// A resource alarm that blocks every publisher while the broker keeps its connections.
    case blockPublishers = "block_publishers"
    /// Faults on single nodes of a replicated broker (``BrokerNodeAction``): killed, paused, a majority lost.
    case nodeLoss = "node_loss"
    /// A majority of a replicated broker's nodes lost (``BrokerNodeAction/killMajority(leaderOf:)``): what an
    /// engine with node faults may still be unable to show faithfully.
    case quorumLoss = "quorum_loss"
}
