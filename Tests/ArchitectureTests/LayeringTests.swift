import Testing

/// The rule of the layers (docs/ARCHITECTURE.md), read from the package
/// graph itself: a lower module never depends on a higher one, and what each
/// layer must not know it cannot reach.
@Suite struct LayeringTests {
    /// Every source target's layer; a dependency must sit in a lower one. A
    /// new target must be given its layer here, which is the point: its place
    /// is decided, not drifted into.
    static let layers: [String: Int] = [
        "Faults": 0, "OrderDomain": 0, "CRabbitMQ": 0, "CRdKafka": 0, "CNetfilterQueue": 0,
        "Messaging": 1, "LabKit": 1, "NetfilterQueue": 1,
        "AMQP": 2, "Kafka": 2, "Brokers": 2, "LinkFaults": 2,
        "RabbitMQEngine": 3, "KafkaEngine": 3, "OrderWorkload": 3,
        "SyncREST": 4, "AsyncQueue": 4, "StreamingLog": 4, "RabbitStreamLog": 4, "PizzaLine": 4,
        "Comparison": 5,
        "Demo": 6,
        "commlab": 7,
    ]

    /// The broker client libraries and the engines that start brokers.
    static let brokerModules: Set<String> = ["CRabbitMQ", "CRdKafka", "AMQP", "Kafka", "RabbitMQEngine", "KafkaEngine"]

    let graph: PackageGraph

    init() throws { graph = try PackageGraph.load() }

    @Test func everySourceTargetHasALayer() {
        let unplaced = graph.targets.values.filter { !$0.isTest && Self.layers[$0.name] == nil }.map(\.name)
        #expect(unplaced.isEmpty, "give these targets a layer in LayeringTests.layers: \(unplaced.sorted())")
    }

    @Test func noDependencyRunsUpward() {
        var upward: [String] = []
        for target in graph.targets.values where !target.isTest {
            guard let layer = Self.layers[target.name] else { continue }
            for dependency in target.targets where (Self.layers[dependency] ?? .max) >= layer {
                upward.append(
                    "\(target.name) (layer \(layer)) → \(dependency) (layer \(Self.layers[dependency] ?? -1))")
            }
        }
        #expect(upward.isEmpty, "dependencies that do not run downward: \(upward.sorted())")
    }

    @Test(arguments: ["LabKit", "Brokers", "OrderDomain", "OrderWorkload", "SyncREST", "Comparison", "Demo"])
    func reachesNoBrokerLibraryOrEngine(_ name: String) {
        let reached = graph.closure(of: name).intersection(Self.brokerModules)
        #expect(reached.isEmpty, "\(name) reaches \(reached.sorted())")
    }

    @Test func theHarnessKnowsNoWorkload() {
        for name in ["LabKit", "Brokers", "Messaging"] {
            let reached = graph.closure(of: name).intersection(["OrderDomain", "OrderWorkload"])
            #expect(reached.isEmpty, "\(name) reaches \(reached.sorted())")
        }
    }

    @Test func theDomainKnowsNoOtherTarget() {
        #expect(graph.targets["OrderDomain"]?.targets.isEmpty == true)
    }

    /// An import that Package.swift does not declare builds only by accident
    /// (through another target's dependency) and hides a real edge of the graph.
    @Test func everyImportIsDeclared() throws {
        let system: Set<String> = [
            "Foundation", "Synchronization", "Dispatch", "Testing", "System", "XCTest", "Glibc", "Musl", "Darwin",
        ]
        var undeclared: [String] = []
        for target in graph.targets.values where !target.isSystemLibrary {
            let declared = target.targets.union(target.products)
            for module in try graph.imports(of: target)
            where module != target.name && !system.contains(module) && !declared.contains(module) {
                undeclared.append("\(target.name) imports \(module)")
            }
        }
        #expect(undeclared.isEmpty, "\(undeclared.sorted())")
    }

    /// A declared dependency no file imports is an edge the code does not have.
    @Test func everyDeclaredDependencyIsImported() throws {
        var unused: [String] = []
        for target in graph.targets.values where !target.isSystemLibrary {
            let imported = try graph.imports(of: target)
            for dependency in target.targets.union(target.products) where !imported.contains(dependency) {
                unused.append("\(target.name) declares \(dependency)")
            }
        }
        #expect(unused.isEmpty, "\(unused.sorted())")
    }
}
