import ArgumentParser
import Comparison
import Foundation
import LabKit

struct ScaleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scale",
        abstract: "Inventory instances against throughput, backlog, latency, CPU and per-user order, per model.",
        discussion: """
            Brings up each model in turn and runs its inventory as N instances (N from --instances, \
            added while the lab runs): B's as competing consumers on one queue, C's as members of one \
            consumer group over the topic's partitions. Every instance gets the delay fault (--cost-ms \
            per message, handled one at a time), so one instance's ceiling is known; the comparison's \
            order mix is offered open loop above it (--rate for --seconds) at each N and counted per \
            order id: completions per second, backlog peak, completion p99, CPU, messages per instance, \
            lost, duplicated, and orders decided out of per-user order. Then the membership change: \
            one instance, a second added at 30 % of the stream and SIGKILLed at 65 %: the longest \
            pause in completions after each, the messages redelivered and those decided twice.

            Models that cannot scale their inventory (A: a synchronous service; D: RabbitMQ 3.10 streams \
            give every reader all of a stream) are reported n/a with the reason.

            Writes, when every model has run: SCALE.md, SCALE.json and screenshots/scale/*.svg under \
            --output. Ctrl-C stops everything the run started and writes nothing. Exits non-zero when \
            an order was lost, duplicated or reserved twice.
            """)

    @Option(help: "Repository root: where compare/workload.yaml (the order mix and seed) is.")
    var root = "."

    @Option(help: "Where SCALE.md, SCALE.json and screenshots/scale go (default: --root).")
    var output: String?

    @Option(help: "Scratch folder for service logs and databases (default: <root>/.commlab/scale).")
    var workDirectory: String?

    @Flag(help: "CI's quick path: 1 and 2 instances, a 5 s stream at 150 orders/s (about 2 minutes per model).")
    var quick = false

    @Option(
        parsing: .upToNextOption,
        help: "Models to run, by part name or letter (\(ComparedModels.names)); default all.")
    var models: [String] = []

    @Option(
        parsing: .upToNextOption,
        help: "Inventory instances at each point, ascending (default 1 2 4 8; --quick: 1 2).")
    var instances: [Int] = []

    @Option(help: "Milliseconds added to each message on every instance (default 10).")
    var costMs: Int?

    @Option(help: "Orders per second offered at each point (default 250; --quick: 150).")
    var rate: Double?

    @Option(help: "Seconds of stream at each point (default 8; --quick: 5).")
    var seconds: Double?

    @Option(help: "Partitions of the log model's topics (default 6, so 8 members exceed them).")
    var partitions: Int?

    @Option(help: "The longest a point may need to work off its orders at the fewest instances (default 120 s).")
    var limit: Double?

    @Flag(help: "Skip the membership change.")
    var noMembership = false

    var settings: ScaleSettings {
        var settings = quick ? ScaleSettings.quick : ScaleSettings.full
        if !instances.isEmpty { settings.instances = instances }
        if let costMs { settings.costMilliseconds = costMs }
        if let rate { settings.rate = rate }
        if let seconds { settings.seconds = seconds }
        if let partitions { settings.partitions = partitions }
        if let limit { settings.limitSeconds = limit }
        if noMembership { settings.membership = false }
        return settings
    }

    func validate() throws {
        _ = try ComparedModels.select(models)
        if let problem = settings.problem { throw ValidationError(problem) }
    }

    func run() async throws {
        ChildProcessRegistry.stopChildrenOnInterrupt()
        let file: WorkloadFile
        do {
            file = try await WorkloadFile.load("\(root)/compare/workload.yaml", displayPath: "compare/workload.yaml")
        } catch let error as WorkloadFileError {
            throw ValidationError(error.description)
        }
        let run = ScaleRun(
            parts: try ComparedModels.select(models), settings: settings, workload: file.workload,
            executable: SelfExecutable.path, workDirectory: workDirectory ?? "\(root)/.commlab/scale",
            command: LabRunOptions.commandLine, environment: ProcessInfo.processInfo.environment)
        let report = await run.run()
        await ChildProcessRegistry.parkIfInterrupted()
        let out = output ?? root
        let written = try ScaleWriter(root: out).write(report)
        print(
            "written: \(written.filter { !$0.hasSuffix(".svg") }.joined(separator: ", ")) and "
                + "\(written.filter { $0.hasSuffix(".svg") }.count) charts in \(out)/screenshots/scale")
        guard report.passed else {
            print("scale: orders were lost, duplicated or reserved twice; see \(out)/SCALE.md")
            throw ExitCode.failure
        }
    }
}
