import Foundation
import LabKit
import OrderWorkload

/// `commlab scale`: every chosen model in turn through the instance counts
/// and the membership change; the report is built once every model has run.
public struct ScaleRun: Sendable {
    public var parts: [any ComparablePart.Type]
    public var settings: ScaleSettings
    /// The comparison's workload: its order mix, seed and client timeout.
    public var workload: CompareWorkload
    public var executable: String
    /// Scratch folder; each model gets `<workDirectory>/<part>`.
    public var workDirectory: String
    public var command: String
    public var environment: [String: String]
    public var progress: ProgressLog

    public init(
        parts: [any ComparablePart.Type], settings: ScaleSettings, workload: CompareWorkload, executable: String,
        workDirectory: String, command: String, environment: [String: String], progress: ProgressLog = ProgressLog()
    ) {
        self.parts = parts
        self.settings = settings
        self.workload = workload
        self.executable = executable
        self.workDirectory = workDirectory
        self.command = command
        self.environment = environment
        self.progress = progress
    }

    public func run() async -> ScaleReport {
        let points = settings.instances.map(String.init).joined(separator: ", ")
        progress.say(
            "scaling \(parts.map { $0.modelName }.joined(separator: ", ")): inventory instances \(points)"
                + (settings.membership ? ", then a member added and one killed" : "")
                + "; \(Format.figure(settings.rate)) orders/s for \(Format.figure(settings.seconds)) s each, "
                + "\(settings.costMilliseconds) ms per message (one consumer's ceiling about "
                + "\(Format.figure(settings.costCeiling))/s)")
        var models: [ScaleModelResult] = []
        for part in parts {
            if ChildProcessRegistry.isInterrupted { break }
            let runner = ScaleRunner(
                part: part, settings: settings, workload: workload, executable: executable,
                workDirectory: "\(workDirectory)/\(part.name)", environment: environment, progress: progress)
            models.append(await runner.run())
        }
        return ScaleReport(
            date: ISO8601DateFormatter().string(from: Date()), machine: .current(), command: command,
            settings: settings, meantToFailShare: workload.meantToFail.share, models: models)
    }
}
