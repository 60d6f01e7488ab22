import ArgumentParser
import Brokers
import Foundation
import LabKit

struct BrokerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "broker",
        abstract: "Start, stop or inspect a private broker of an engine, on loopback, for services started by hand.",
        usage: "commlab broker ENGINE start|stop|status|run [--dir FOLDER]",
        discussion: EngineCatalog.listing)

    enum Action: String, ExpressibleByArgument, CaseIterable {
        case start, stop, status, run
    }

    @Argument(help: ArgumentHelp("The engine: \(EngineCatalog.names).", valueName: "engine"))
    var engine: String

    @Argument(help: "start, stop, status, or run (in the foreground; what start runs, for engines that have one).")
    var action: Action

    @Option(help: "The broker's folder (data, logs, state). Default: .commlab/<engine>.")
    var dir: String?

    func validate() throws {
        _ = try EngineCatalog.named(engine)
    }

    func run() async throws {
        let engine = try EngineCatalog.named(self.engine)
        let folder = dir ?? ".commlab/\(engine.name)"
        switch action {
        case .start:
            for line in try await engine.startDetached(in: folder, executable: SelfExecutable.path) { print(line) }
        case .stop:
            print(try await engine.stopDetached(in: folder) ?? "no \(engine.name) broker was started from \(folder)")
        case .status:
            guard let status = engine.status(in: folder) else {
                print("no \(engine.name) broker was started from \(folder)")
                throw ExitCode(3)
            }
            print(status.description)
            if !status.running { throw ExitCode(3) }
        case .run:
            try await engine.runInForeground(in: folder)
        }
    }
}
