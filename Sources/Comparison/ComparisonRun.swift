import Foundation
import LabKit
import OrderWorkload

/// `commlab compare`: every chosen model in turn through the same workload
/// and fault schedule; the report is built only once every model has run.
public struct ComparisonRun: Sendable {
    public var parts: [any ComparablePart.Type]
    public var file: WorkloadFile
    /// The file's workload after `--quick`, `--rate`, `--window` and `--faults`.
    public var workload: CompareWorkload
    public var quick: Bool
    /// Each model runs once per deployment, in this order.
    public var deployments: [Deployment]
    public var executable: String
    /// Scratch folder; each model gets `<workDirectory>/<part>`.
    public var workDirectory: String
    public var command: String
    public var environment: [String: String]
    public var progress: ProgressLog

    public init(
        parts: [any ComparablePart.Type], file: WorkloadFile, workload: CompareWorkload, quick: Bool,
        deployments: [Deployment] = [.single], executable: String, workDirectory: String, command: String,
        environment: [String: String], progress: ProgressLog = ProgressLog()
    ) {
        self.deployments = deployments
        self.parts = parts
        self.file = file
        self.workload = workload
        self.quick = quick
        self.executable = executable
        self.workDirectory = workDirectory
        self.command = command
        self.environment = environment
        self.progress = progress
    }

    /// Seconds of stream the run offers (without start-ups and drains), for the opening line.
    public var streamSeconds: Double {
        deployments.reduce(0) {
            $0 + workload.phases.total * Double(workload.schedule(for: $1).faults.count * parts.count)
        }
    }

    public func run() async -> ComparisonReport {
        progress.say(
            "comparing \(parts.map { $0.modelName }.joined(separator: ", ")): \(workload.faults.count) fault segments each, "
                + "\(Format.figure(workload.rate)) orders/s, about \(Int(streamSeconds)) s of stream plus start-ups and drains"
        )
        var models: [ModelResult] = []
        for deployment in deployments {
            for part in parts {
                if ChildProcessRegistry.isInterrupted { break }
                let name = deployments == [.single] ? part.modelName : "\(part.modelName) · \(deployment.rawValue)"
                if let reason = part.unavailable(deployment) {
                    progress.say("\(name): n/a: \(reason)")
                    models.append(
                        ModelResult(
                            model: name, part: part.name, deployment: deployment, notApplicable: reason,
                            startupSeconds: 0, processes: [], peakRSSMiB: 0, cpuSecondsPer1000Orders: nil, faults: []))
                    continue
                }
                let folder = deployment == .single ? part.name : "\(part.name)-\(deployment.rawValue)"
                let runner = ModelRunner(
                    part: part, modelName: name, deployment: deployment, workload: workload.schedule(for: deployment),
                    executable: executable,
                    workDirectory: "\(workDirectory)/\(folder)", environment: environment, progress: progress)
                models.append(await runner.run())
            }
        }
        return ComparisonReport(
            date: ISO8601DateFormatter().string(from: Date()), machine: .current(), command: command,
            workload: ComparisonReport.WorkloadRecord(
                path: file.path, sha256: file.sha256, text: file.text, quick: quick, effective: workload),
            models: models)
    }
}
