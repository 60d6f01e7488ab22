import ArgumentParser
import Comparison
import Demo
import Foundation
import LabKit
import OrderWorkload

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Every model side by side in a live web page, with faults injected from the page.",
        discussion: """
            Brings up parts A, B and C (their services, and their brokers unless AMQP_URL / \
            KAFKA_BROKERS name them), sends one stream of orders to all of them, and serves a page \
            with a column per model: orders/s offered, accepted, completed and refused, client \
            latency p50/p99, B's queue depths, C's lag, each service's state and the stock, and an \
            event log marked on every chart. Buttons on the page slow, fail, stop and restart the \
            inventory, crash a consumer, pause the broker, send poison and duplicates, replay C's \
            analytics, and change the rate, for one model or all of them.

            It listens on 127.0.0.1; listening on any other address needs --token (or \
            COMMLAB_DEMO_TOKEN), and the controls then refuse requests without it (the page \
            passes it on when opened as http://HOST:PORT/?token=TOKEN). Ctrl-C stops everything \
            it started.

            --browser-test runs the page in headless Chromium instead (Debian's chromium and \
            chromium-driver), checks it, saves screenshots to <root>/screenshots/demo/ and RabbitMQ's \
            management UI to <root>/screenshots/async-queue/rabbitmq-ui.png, and exits.
            """)

    @Option(help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "Port of the page (default: a free one, printed).")
    var port: Int?

    @Option(help: "Token the controls require; needed when --host is not loopback. Default: $COMMLAB_DEMO_TOKEN.")
    var token: String?

    @Option(help: "Orders per second sent to each model (changeable from the page).")
    var rate: Double = 30

    @Option(help: "Repository root: the workload file's order mix, and where --browser-test saves screenshots.")
    var root = "."

    @Option(help: "Scratch folder for service logs and databases (default: <root>/.commlab/demo).")
    var workDirectory: String?

    @Option(
        help: """
            single: every model on one broker node; replicated: the brokered models on their three-node \
            deployments, with the node faults on the page (a model without one is left out, and said so).
            """)
    var deployment = Deployment.single

    @Flag(help: "Drive the page in headless Chromium, check it, save screenshots, and exit.")
    var browserTest = false

    /// `--token`, else the environment's: the variable is read when the command runs, not when it is declared.
    private var resolvedToken: String? {
        token ?? ProcessInfo.processInfo.environment["COMMLAB_DEMO_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
    }

    func validate() throws {
        guard rate >= 1, rate <= 500 else { throw ValidationError("--rate must be between 1 and 500") }
        if let port, !(1...65_535).contains(port) { throw ValidationError("--port must be a TCP port") }
        if !DemoOptions.isLoopback(host), (resolvedToken ?? "").isEmpty {
            throw ValidationError(
                "--host \(host) is beyond loopback: give --token (or COMMLAB_DEMO_TOKEN); the controls will require it")
        }
    }

    func run() async throws {
        ChildProcessRegistry.stopChildrenOnInterrupt()
        let file: WorkloadFile
        do {
            file = try await WorkloadFile.load("\(root)/compare/workload.yaml", displayPath: "compare/workload.yaml")
        } catch let error as WorkloadFileError {
            throw ValidationError(error.description)
        }
        for part in ComparedModels.all {
            if let reason = part.unavailable(deployment) { print("\(part.modelName) left out: \(reason)") }
        }
        var options = DemoOptions(
            host: host, port: port ?? FreePort.find(count: 1)[0], token: resolvedToken, rate: rate,
            parts: ComparedModels.all.filter { $0.unavailable(deployment) == nil },
            workload: file.workload, executable: SelfExecutable.path,
            workDirectory: workDirectory ?? "\(root)/.commlab/demo", environment: ProcessInfo.processInfo.environment)
        options.deployment = deployment
        let demo = DemoRun(options: options)
        if browserTest {
            let checks = try await DemoBrowserTest(demo: demo, root: root).run()
            await ChildProcessRegistry.parkIfInterrupted()
            let failed = checks.filter { $0.passed == false }
            let passed = checks.filter { $0.passed == true }
            let notApplicable = checks.filter { $0.passed == nil }
            print(
                "browser test: \(passed.count) of \(checks.count) checks passed, \(failed.count) failed, "
                    + "\(notApplicable.count) n/a")
            guard failed.isEmpty else { throw ExitCode.failure }
            return
        }
        try await demo.run { url, _ in
            print("demo page: \(url)\(resolvedToken.map { "?token=\($0)" } ?? "")  (Ctrl-C stops everything)")
            while true { try await Task.sleep(for: .seconds(3600)) }
        }
    }
}
