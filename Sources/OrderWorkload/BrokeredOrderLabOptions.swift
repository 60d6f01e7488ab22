import AsyncHTTPClient
import Brokers
import LabKit
import LinkFaults
import OrderDomain

/// What a brokered part's lab needs to start: the executable, its folder, the
/// inventory's opening stock, and the broker the user named (nil: the lab
/// starts a private one).
public struct BrokeredOrderLabOptions: Sendable {
    public var executable: String
    public var workDirectory: String
    public var stock: StockLevels
    public var brokerAddress: String?
    /// Inventory instances to start with: competing consumers on one queue, members of one group, or readers
    /// of one stream, as the part's transport makes them. More can be added while the lab runs.
    public var inventoryInstances = 1
    /// One broker node, or the engine's replicated deployment (the part chooses the engine).
    public var deployment = Deployment.single

    public init(executable: String, workDirectory: String, stock: StockLevels, brokerAddress: String?) {
        self.executable = executable
        self.workDirectory = workDirectory
        self.stock = stock
        self.brokerAddress = brokerAddress
    }

    /// A part's own run (scenarios, benchmarks): the broker its environment names for `engine`.
    public init<Engine: BrokerEngine>(_ run: PartRun, stock: StockLevels, engine: Engine.Type) {
        self.init(
            executable: run.executable, workDirectory: run.workDirectory, stock: stock,
            brokerAddress: Engine.externalAddress(in: run.environment))
    }

    /// A model in the comparison: its setup, and the broker the environment names for `engine`.
    public init<Engine: BrokerEngine>(compared setup: ComparedLabSetup, engine: Engine.Type) {
        self.init(
            executable: setup.executable, workDirectory: setup.workDirectory, stock: setup.stock,
            brokerAddress: Engine.externalAddress(in: setup.environment))
        deployment = setup.deployment
    }

    /// Starts the broker, the lab's clients and the workflow's three
    /// services of `part`: inventory (its ledger and this stock), `reader`
    /// (its own store), and `front`, which takes orders, last; then the
    /// inventory's further instances. Each service finds the broker in the
    /// engine's environment variable (a URL's password stays out of `ps`),
    /// after `sharedArguments`. Every inventory instance shares one ledger
    /// file: SQLite's write lock (GRDB opens each write transaction
    /// IMMEDIATE) makes each reservation one decision whichever instance
    /// takes it, and the ledger's ids make a second decision a replay.
    public func start<Engine: BrokerEngine, Clients: LabBrokerClients>(
        _ engine: Engine.Type, part: String, reader: String, front: String, sharedArguments: [String] = [],
        http: HTTPClient, progress: ProgressLog, clients: (LabBroker) async throws -> Clients
    ) async throws -> BrokeredLabCore<Clients> {
        let dir = workDirectory
        let inventoryArguments = ["--database", "\(dir)/inventory.sqlite", "--stock", stock.argument]
        try await LinkFaultSupport.prepareForRun()
        var madeLauncher: ServiceLauncher?
        var core = try await Engine.startLab(
            in: dir, executable: executable, address: brokerAddress, http: http, progress: progress, clients: clients
        ) { broker in
            // A cgroup per role where the kernel allows it, so the lab can cut one service's links.
            let launcher = ServiceLauncher(
                executable: executable, part: part, directory: dir, sharedArguments: sharedArguments,
                environment: [Engine.environmentVariable: broker.address],
                groupFolder: ProcessGroup.make(lab: part)?.folder)
            madeLauncher = launcher
            return [
                launcher.process("inventory", inventoryArguments),
                launcher.process(reader, ["--database", "\(dir)/\(reader).sqlite"]),
                launcher.process(front),
            ]
        }
        guard let launcher = madeLauncher else { return core }
        let inventory = RoleInstances(role: "inventory", first: core.services["inventory"]) { name in
            launcher.process("inventory", inventoryArguments, name: name)
        }
        core.scaledRoles["inventory"] = inventory
        do {
            try await inventory.scale(to: inventoryInstances, http: http)
        } catch {
            await core.stop()
            throw error
        }
        if inventoryInstances > 1 { progress.say("\(inventoryInstances) inventory instances up") }
        return core
    }
}
