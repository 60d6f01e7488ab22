import Faults
import LabKit
import OrderWorkload

/// Everything one `commlab compare` run measured: written as COMPARISON.json,
/// from which COMPARISON.md, the README's table and the charts are made.
public struct ComparisonReport: Codable, Sendable {
    public var date: String
    public var machine: MachineDescription
    public var command: String
    public var workload: WorkloadRecord
    public var models: [ModelResult]

    /// Every invariant of every model and fault held.
    public var passed: Bool { models.allSatisfy { $0.passed } }

    enum CodingKeys: String, CodingKey {
        case date, machine, command, workload, models
    }

    /// The experiment as run: the file, its hash, and the figures after `--quick`, `--rate`, `--window`.
    public struct WorkloadRecord: Codable, Sendable {
        public var path: String
        public var sha256: String
        public var text: String
        public var quick: Bool
        public var effective: CompareWorkload
    }
}

/// One model's run through the fault schedule.
public struct ModelResult: Codable, Sendable {
    public var model: String
    public var part: String
    /// One broker node or replicated; nil in a report written before deployments.
    public var deployment: Deployment?
    /// Why the model cannot run this deployment (it was not started); nil when it ran.
    public var notApplicable: String?
    /// From the first process started to the first order it could take.
    public var startupSeconds: Double
    public var processes: [String]
    /// Sum of each process's peak resident memory.
    public var peakRSSMiB: Double
    /// CPU of all the model's processes (broker included when the lab owns it) over the baseline segment.
    public var cpuSecondsPer1000Orders: Double?
    public var faults: [FaultResult]
    /// The highest rate the model sustained, and the steps that found it; nil when the workload asks for no search.
    public var capacity: CapacityResult?
    /// Whether the model can rebuild its state from what it kept, in its lab's words (not run here).
    public var replay: String?
    /// Set when the model could not be started or run at all.
    public var error: String?

    public var passed: Bool { error == nil && faults.allSatisfy { $0.passed } }

    enum CodingKeys: String, CodingKey {
        case model, part, deployment, processes, faults, replay, error, capacity
        case notApplicable = "not_applicable"
        case startupSeconds = "startup_s"
        case peakRSSMiB = "peak_rss_mib"
        case cpuSecondsPer1000Orders = "cpu_s_per_1000_orders"
    }

    public func fault(_ kind: FaultKind) -> FaultResult? { faults.first { $0.window.kind == kind } }
}

/// One fault segment of one model: what happened, or why it did not apply.
public struct FaultResult: Codable, Sendable {
    public var window: FaultWindow
    public var notApplicable: String?
    public var segment: SegmentResult?
    public var checks: [InvariantCheck]
    public var error: String?
    /// Why the model loses accepted orders under this fault by construction,
    /// stated by its engine before the segment ran (an in-memory broker's
    /// crash); its losses are then counted and reported, not checked.
    public var declaredLoss: String?

    public var passed: Bool { error == nil && checks.allSatisfy(\.passed) }

    enum CodingKeys: String, CodingKey {
        case window, segment, checks, error
        case notApplicable = "not_applicable"
        case declaredLoss = "declared_loss"
    }
}

/// A promise the model must keep under the fault, checked from the counts.
public struct InvariantCheck: Codable, Sendable, Hashable {
    public var name: String
    public var passed: Bool
    public var detail: String
}
