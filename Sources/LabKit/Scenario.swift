/// One experiment of a part: a name, what it does to the lab it is given,
/// and the result it returns with its checks and figures.
///
/// The lab (which services run, how to reach them) is the part's own type;
/// running, reporting and charting are shared, so a new scenario is one file.
public protocol Scenario<Lab>: Sendable {
    associatedtype Lab: Sendable

    /// File-name style identifier, e.g. `baseline-latency`.
    var name: String { get }
    /// One line saying what it shows.
    var title: String { get }

    func run(in lab: Lab, progress: ProgressLog) async throws -> ScenarioResult
}
