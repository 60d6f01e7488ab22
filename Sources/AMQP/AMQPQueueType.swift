/// Where a queue keeps its messages: on one node (classic), or replicated over a cluster's nodes by Raft
/// (quorum: a publish is confirmed once a majority wrote it). Every service and the lab must declare a queue
/// alike: a queue declared again as another type is refused.
public enum AMQPQueueType: String, Sendable, Hashable, CaseIterable {
    case classic
    case quorum
}

extension AMQPQueueDeclaration {
    /// The declaration as a queue of `type`.
    public func ofType(_ type: AMQPQueueType) -> AMQPQueueDeclaration {
        var copy = self
        if type == .quorum { copy.arguments["x-queue-type"] = .string("quorum") }
        return copy
    }
}
