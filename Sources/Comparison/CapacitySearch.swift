import AsyncHTTPClient
import Faults
import LabKit
import OrderWorkload

/// Runs one model's capacity search (``CapacitySettings``) on a lab that is
/// already up: each step is a baseline segment of the workload's own orders at
/// the step's rate, drained and counted per order like any segment, with the
/// CPU of the model's processes read around it.
struct CapacitySearch {
    let lab: any ComparedLab
    let http: HTTPClient
    let workload: CompareWorkload
    let settings: CapacitySettings
    let progress: ProgressLog
    /// Steps take segment numbers from here on, so their order ids are their own.
    let firstSegment: Int

    /// Above any fault segment's number (one per window of the schedule).
    static let firstSegment = 1_000

    func run() async -> CapacityResult {
        var result = CapacityResult(settings: settings)
        while let rate = settings.nextRate(after: result.steps.map { ($0.offeredPerSecond, $0.sustained) }) {
            guard await step(at: rate, index: result.steps.count, into: &result) != nil else { break }
        }
        return result
    }

    /// Runs one step and appends it; nil when the search must end (interrupted, or the step could not run).
    private func step(at rate: Double, index: Int, into result: inout CapacityResult) async -> CapacityStep? {
        if ChildProcessRegistry.isInterrupted {
            result.error = "interrupted"
            return nil
        }
        progress.say(
            "  capacity step \(index + 1): \(Format.figure(rate)) orders/s for \(Format.decimal(settings.stepSeconds, places: 0)) s"
        )
        var stepWorkload = workload
        stepWorkload.rate = rate
        stepWorkload.phases = .init(before: settings.stepSeconds, window: 0, after: 0)
        let cpuBefore = ProcessCPUTime.total(await lab.costedProcesses)
        let runner = SegmentRunner(
            lab: lab, http: http, workload: stepWorkload, fault: FaultWindow(kind: .baseline),
            segment: firstSegment + index, progress: progress)
        do {
            let segment = try await runner.run()
            let cpuAfter = ProcessCPUTime.total(await lab.costedProcesses)
            let cpu = cpuBefore.flatMap { before in cpuAfter.map { $0 - before } }
            let step = CapacityStep(
                offeredPerSecond: rate, outcome: segment.outcome, settings: settings, cpuSeconds: cpu)
            progress.say(
                "    client p50/p99 \(Format.milliseconds(step.clientLatency.p50Milliseconds))/"
                    + "\(Format.milliseconds(step.clientLatency.p99Milliseconds)), "
                    + "\(Format.figure(step.decidedPerSecond)) decided/s; "
                    + (step.sustained ? "sustained" : "not sustained: " + step.shortfalls.joined(separator: ", ")))
            result.steps.append(step)
            return step
        } catch {
            progress.say("    could not run: \(error)")
            result.error = "step at \(Format.figure(rate))/s could not run: \(error)"
            return nil
        }
    }
}
