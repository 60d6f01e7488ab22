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
    /// SIGKILL of one node of a replicated broker (the one leading the workflow's queue), started again later.
    case nodeLoss = "node_loss"
}
