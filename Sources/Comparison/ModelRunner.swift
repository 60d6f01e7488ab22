import AsyncHTTPClient
import Foundation
import LabKit
import OrderDomain
import OrderWorkload

/// Brings up one model, runs every fault segment of the schedule against it
/// in turn, measures its cost, and stops it.
struct ModelRunner {
    let part: any ComparablePart.Type
    /// The model's column in the report: its name, and its deployment when the run compares deployments.
    let modelName: String
    let deployment: Deployment
    let workload: CompareWorkload
    let executable: String
    let workDirectory: String
    let environment: [String: String]
    let progress: ProgressLog

    func run() async -> ModelResult {
        let http = HTTPClientFactory.lab(connectionsPerHost: 256)
        let result = await run(http: http)
        try? await http.shutdown()
        return result
    }

    private func run(http: HTTPClient) async -> ModelResult {
        var result = ModelResult(
            model: modelName, part: part.name, deployment: deployment, startupSeconds: 0, processes: [],
            peakRSSMiB: 0, cpuSecondsPer1000Orders: nil, faults: [])
        let lab: any ComparedLab
        let clock = ContinuousClock()
        let started = clock.now
        do {
            try ScratchDirectory.prepareEmpty(workDirectory)
            let orders =
                OrderStream(workload: workload).ordersPerSegment * workload.faults.count
                + (workload.capacity?.ordersUpperBound ?? 0)
            let setup = ComparedLabSetup(
                executable: executable, workDirectory: workDirectory,
                stock: StockLevels(workload.stockCovering(orders: orders)), environment: environment,
                downstreamTimeout: .milliseconds(workload.downstreamTimeoutMilliseconds), deployment: deployment)
            lab = try await part.startCompared(setup, http: http, progress: progress)
        } catch {
            // A start cut short by an interrupt is not a model that could not start: the run is ending.
            await ChildProcessRegistry.parkIfInterrupted()
            progress.say("\(modelName): could not start: \(error)")
            result.error = "could not start: \(error)"
            return result
        }
        result.startupSeconds = (clock.now - started).seconds
        result.replay =
            lab.lacks(.replay).map { "n/a: \($0.reason)" }
            ?? "the log keeps every event: see \(part.name)'s `replay` scenario"
        let pids = await lab.costedProcesses
        result.processes = pids.keys.sorted()

        for (index, window) in workload.faults.enumerated() {
            if ChildProcessRegistry.isInterrupted { break }
            progress.say(
                "\(modelName) · fault \(index + 1)/\(workload.faults.count): \(window.label) · "
                    + "\(Int(workload.phases.total)) s of stream at \(Format.figure(workload.rate)) orders/s")
            if let reason = SegmentRunner.notApplicable(window, to: lab) {
                progress.say("  does not apply: \(reason)")
                result.faults.append(
                    FaultResult(window: window, notApplicable: reason.reason, segment: nil, checks: []))
                continue
            }
            let cpuBefore = ProcessCPUTime.total(await lab.costedProcesses)
            let runner = SegmentRunner(
                lab: lab, http: http, workload: workload, fault: window, segment: index, progress: progress)
            do {
                let segment = try await runner.run()
                let declaredLoss = lab.declaredLoss(window.kind)
                let checks = Invariants.checks(
                    segment.outcome, declaredLoss: declaredLoss, answersCut: window.kind.target == .clientLink)
                let failed = checks.filter { !$0.passed }
                progress.say(
                    "  \(segment.outcome.offered) sent, \(segment.outcome.accepted) accepted, "
                        + "\(segment.outcome.refusedTotal) refused, \(segment.outcome.completed) completed, "
                        + "\(segment.outcome.lost) lost"
                        + ((segment.outcome.stranded ?? 0) > 0
                            ? ", \(segment.outcome.stranded ?? 0) stranded (told failure, stock held)" : "")
                        + (declaredLoss.map { " (counted, not checked: \($0))" } ?? "") + "; "
                        + (failed.isEmpty
                            ? "every check held"
                            : "FAILED: " + failed.map { "\($0.name) (\($0.detail))" }.joined(separator: "; ")))
                result.faults.append(
                    FaultResult(
                        window: window, notApplicable: nil, segment: segment, checks: checks,
                        declaredLoss: declaredLoss))
                if window.kind == .baseline, let cpuBefore,
                    let cpuAfter = ProcessCPUTime.total(await lab.costedProcesses),
                    segment.outcome.offered > 0
                {
                    result.cpuSecondsPer1000Orders = (cpuAfter - cpuBefore) / Double(segment.outcome.offered) * 1000
                }
            } catch {
                progress.say("  could not run: \(error)")
                result.faults.append(
                    FaultResult(window: window, notApplicable: nil, segment: nil, checks: [], error: "\(error)"))
                await restore(lab, http: http)
            }
        }
        if let settings = workload.capacity, !ChildProcessRegistry.isInterrupted {
            progress.say(
                "\(modelName) · capacity: doubling from \(Format.figure(settings.startRate)) orders/s "
                    + "until client p99 passes \(Format.milliseconds(settings.sloP99Milliseconds)), an order is lost "
                    + "or the backlog grows")
            result.capacity = await CapacitySearch(
                lab: lab, http: http, workload: workload, settings: settings, progress: progress,
                firstSegment: CapacitySearch.firstSegment
            ).run()
        }
        result.peakRSSMiB = (await lab.costedProcesses).values.compactMap(ProcessMemory.peakResidentMiB).reduce(0, +)
        await lab.stop()
        return result
    }

    /// After a segment failed half-way: no fault left on, every process running.
    private func restore(_ lab: any ComparedLab, http: HTTPClient) async {
        if ChildProcessRegistry.isInterrupted { return }
        try? await lab.setFaultsOnEveryInventory(.none)
        try? lab.pausableBroker?.resume()
        _ = try? await lab.restoreBrokerNodes()
        if !(await lab.inventory.isRunning) { try? await lab.inventory.start(http: http) }
    }
}
