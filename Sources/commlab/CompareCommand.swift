import ArgumentParser
import Comparison
import Faults
import Foundation
import LabKit
import OrderWorkload

struct CompareCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "The lab's main job: the same workload and faults against every model, measured and compared.",
        discussion: """
            Brings up each model in turn (its services, and its broker unless AMQP_URL / \
            KAFKA_BROKERS name one), offers the same open-loop stream of orders, and runs the \
            workload file's schedule of fault windows (the kinds are listed below). \
            Every order is counted per id: offered, accepted, refused (by reason), completed, lost, \
            duplicated; latencies, recovery time, stock consistency, dead letters, cost.

            Writes, when every model has run: COMPARISON.md and COMPARISON.json under --output, \
            the charts in <output>/screenshots/compare/, and the comparison table of \
            <output>/README.md (between its commlab:compare markers). Ctrl-C stops everything the \
            run started and writes nothing. Exits non-zero when an invariant failed: an accepted \
            order lost, an order reserved or completed twice, stock not matching completions, a \
            refusal without a reason, a request never answered, a poison message not dead-lettered.

            Models: \(ComparedModels.names). With an external broker the broker fault is skipped \
            (the lab does not own that process) and the report says so.

            Fault kinds (a window's `kind` in the workload file, its parameters in brackets):
            \(FaultCatalogHelp.listing)
            """)

    @Option(help: "The workload and fault schedule (YAML). Default: <root>/compare/workload.yaml.")
    var workload: String?

    @Option(help: "Repository root: where the default workload file is.")
    var root = "."

    @Option(help: "Where COMPARISON.md, COMPARISON.json and screenshots/compare go (default: --root).")
    var output: String?

    @Option(help: "Scratch folder for service logs and databases (default: <root>/.commlab/compare).")
    var workDirectory: String?

    @Flag(help: "The workload file's quick settings: shorter segments (about 2 minutes per model).")
    var quick = false

    @Option(
        parsing: .upToNextOption,
        help: "Models to run, by part name or letter (\(ComparedModels.names)); default all.")
    var models: [String] = []

    @Option(
        parsing: .upToNextOption,
        help:
            "Faults to run, by kind (\(FaultKind.allCases.map(\.rawValue).joined(separator: ", "))); default the file's."
    )
    var faults: [String] = []

    @Option(
        parsing: .upToNextOption,
        help: ArgumentHelp(
            "single, replicated, or both in turn; default the workload file's deployment (single).",
            discussion: """
                replicated: B on three RabbitMQ nodes in one cluster, its queues quorum queues, clients failing \
                over along the nodes; the broker_node_lost fault kills the node leading the inventory queue. \
                Models without a replicated deployment are reported n/a with the reason.
                """))
    var deployment: [Deployment] = []

    @Option(help: "Orders per second, instead of the file's rate.")
    var rate: Double?

    @Option(help: "Seconds of each fault window, instead of the file's.")
    var window: Double?

    @Option(
        help: ArgumentHelp(
            "Run nothing: write the report, charts and README table again from a saved COMPARISON.json.",
            valueName: "json"))
    var render: String?

    func validate() throws {
        _ = try ComparedModels.select(models)
        for fault in faults where FaultKind(rawValue: fault) == nil {
            throw ValidationError(
                "no fault kind '\(fault)'; kinds: \(FaultKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        if Set(deployment).count != deployment.count {
            throw ValidationError(
                "--deployment names a deployment twice: \(deployment.map(\.rawValue).joined(separator: " "))")
        }
        if let rate, !(rate > 0 && rate <= 2_000) { throw ValidationError("--rate must be between 0 and 2000") }
        if let window, !(window >= 1) { throw ValidationError("--window must be at least 1 second") }
    }

    func run() async throws {
        if let render {
            try rerender(from: render)
            return
        }
        ChildProcessRegistry.stopChildrenOnInterrupt()
        let file: WorkloadFile
        do {
            file = try await WorkloadFile.load(
                workload ?? "\(root)/compare/workload.yaml", displayPath: workload ?? "compare/workload.yaml")
        } catch let error as WorkloadFileError {
            throw ValidationError(error.description)
        }
        var effective = quick ? file.workload.quickened : file.workload
        effective.quick = nil
        if let rate { effective.rate = rate }
        if let window { effective.phases.window = window }
        if !faults.isEmpty {
            let chosen = Set(faults)
            effective.faults = effective.faults.filter { chosen.contains($0.kind.rawValue) }
            guard !effective.faults.isEmpty else {
                throw ValidationError("none of --faults \(faults.joined(separator: " ")) is in \(file.path)")
            }
        }
        let deployments = deployment.isEmpty ? [effective.deployment ?? .single] : deployment
        let comparison = ComparisonRun(
            parts: try ComparedModels.select(models), file: file, workload: effective, quick: quick,
            deployments: deployments,
            executable: SelfExecutable.path, workDirectory: workDirectory ?? "\(root)/.commlab/compare",
            command: LabRunOptions.commandLine, environment: ProcessInfo.processInfo.environment)
        let report = await comparison.run()
        await ChildProcessRegistry.parkIfInterrupted()
        try publish(report)
    }

    private func rerender(from path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ValidationError("cannot read \(path)")
        }
        let report: ComparisonReport
        do {
            report = try JSONDecoder().decode(ComparisonReport.self, from: data)
        } catch {
            throw ValidationError("\(path) is not a COMPARISON.json this commlab wrote: \(error)")
        }
        try publish(report)
    }

    private func publish(_ report: ComparisonReport) throws {
        let out = output ?? root
        let written = try ComparisonWriter(root: out).write(report, updateReadme: true)
        print(ComparisonSummary(report: report).render())
        print(
            "written: \(written.filter { !$0.hasSuffix(".svg") }.joined(separator: ", ")) and \(written.filter { $0.hasSuffix(".svg") }.count) charts in \(out)/screenshots/compare"
        )
        guard report.passed else {
            print("compare: some invariants failed; see the checks in \(out)/COMPARISON.md")
            throw ExitCode.failure
        }
    }
}

/// The parts the comparison can drive, from the catalogue.
enum ComparedModels {
    static var all: [any ComparablePart.Type] { PartCatalog.all.compactMap { $0 as? any ComparablePart.Type } }

    static var names: String { all.map { "\($0.name) (\($0.modelName.prefix(1)))" }.joined(separator: ", ") }

    static func select(_ names: [String]) throws -> [any ComparablePart.Type] {
        guard !names.isEmpty else { return all }
        return try names.map { name in
            guard
                let part = all.first(where: {
                    $0.name == name || $0.modelName.prefix(1).lowercased() == name.lowercased()
                })
            else { throw ValidationError("no model '\(name)'; models: \(Self.names)") }
            return part
        }
    }
}

/// The fault catalogue as `compare --help` lists it.
enum FaultCatalogHelp {
    static var listing: String {
        FaultKind.allCases.map { kind in
            let parameters = kind.parameters.map(\.key).joined(separator: ", ")
            return "  \(kind.rawValue)\(parameters.isEmpty ? "" : " [\(parameters)]"): \(kind.summary)"
        }
        .joined(separator: "\n")
    }
}
