import ArgumentParser
import AsyncHTTPClient
import LabKit

/// What a brokered part's `scenario` takes to run on a replicated broker: its node-loss scenarios instead of
/// its own suite, on the engine's three-node deployment, reported as `results/replicated.md`.
public struct ReplicatedScenarioOptions: ParsableArguments {
    public init() {}

    @Option(
        help: """
            single: the part's own scenarios on one broker node; replicated: its node-loss scenarios on a \
            three-node cluster (results/replicated.md).
            """)
    public var deployment = Deployment.single

    @Option(help: "Orders in the replicated deployment's node-loss scenario.")
    public var nodeLossOrders = 10_000

    public func validate() throws {
        guard nodeLossOrders >= 30 else { throw ValidationError("--node-loss-orders must be at least 30") }
    }

    /// The report a replicated run writes.
    public static let report = "replicated"

    /// The part's suite for the chosen deployment: `single` (its own scenarios, the main report) on one
    /// node, or the node-loss scenarios on its replicated engine (their own report).
    public func suite<Lab: BrokeredOrderLab & NodeLosing>(
        part: String, quorumLoss: Bool, single: [any Scenario<Lab>],
        start: @escaping @Sendable (_ http: HTTPClient, _ progress: ProgressLog) async throws -> Lab
    ) -> ScenarioSuite<Lab> {
        guard deployment == .replicated else { return ScenarioSuite(part: part, scenarios: single, start: start) }
        return ScenarioSuite(
            part: part, scenarios: scenarios(quorumLoss: quorumLoss), report: Self.report, start: start)
    }

    /// The node-loss scenarios: the leader lost mid-stream, and, where the engine can show it, a lost quorum.
    public func scenarios<Lab: BrokeredOrderLab & NodeLosing>(quorumLoss: Bool) -> [any Scenario<Lab>] {
        var scenarios: [any Scenario<Lab>] = [
            NodeLossScenario<Lab>(.leaderLost(restartAfter: .seconds(2)), orders: nodeLossOrders)
        ]
        if quorumLoss { scenarios.append(NodeLossScenario<Lab>(.quorumLost, orders: 64)) }
        return scenarios
    }
}
