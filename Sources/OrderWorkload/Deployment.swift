import ArgumentParser

/// How a brokered model's broker runs: one node, or replicated over three (RabbitMQ's quorum queues; a
/// Kafka cluster's replicas), where losing a node is a fault the model must survive.
public enum Deployment: String, Codable, Sendable, Hashable, CaseIterable {
    case single
    case replicated
}

extension Deployment: ExpressibleByArgument {}
