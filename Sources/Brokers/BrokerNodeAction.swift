/// What the lab does to the nodes of a replicated broker. Each names the queue (or topic) whose leading node
/// it aims at: the one whose loss the workflow feels.
public enum BrokerNodeAction: Sendable, Hashable {
    /// SIGKILL of the node leading the queue, started again from its data after `restartAfter`.
    case kill(leaderOf: String, restartAfter: Duration)
    /// SIGSTOP of the node leading the queue: its sockets stay open, nothing answers, until ``restore``.
    case pause(leaderOf: String)
    /// SIGKILL of a majority of the nodes, the one leading the queue among them, until ``restore``: what is
    /// left cannot elect a leader, and a replicated queue must refuse what it cannot replicate.
    case killMajority(leaderOf: String)
    /// Every paused node thawed and every killed node started again from its data.
    case restore
}
