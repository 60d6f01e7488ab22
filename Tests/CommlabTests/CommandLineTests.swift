import ArgumentParser
import RabbitStreamLog
import Testing

@testable import commlab

/// The executable's argument handling: what it refuses, and with which words, before anything starts.
@Suite struct CommandLineTests {
    func refusal(_ arguments: [String]) -> String? {
        do {
            _ = try Commlab.parseAsRoot(arguments)
            return nil
        } catch {
            return Commlab.message(for: error)
        }
    }

    @Test func compareRefusesAnUnknownFaultNamingTheCatalogue() {
        let message = refusal(["compare", "--faults", "meteor_strike"])
        #expect(message?.contains("no fault kind 'meteor_strike'") == true, "\(message ?? "accepted")")
        #expect(message?.contains("inventory_down") == true)
    }

    @Test func compareRefusesAnUnknownModelAndRatesOutOfRange() {
        #expect(refusal(["compare", "--models", "z"])?.contains("no model 'z'") == true)
        #expect(refusal(["compare", "--rate", "0"])?.contains("--rate") == true)
        #expect(refusal(["compare", "--rate", "5000"])?.contains("--rate") == true)
        #expect(refusal(["compare", "--window", "0.5"])?.contains("--window") == true)
    }

    @Test func compareRefusesADeploymentNamedTwiceOrUnknown() throws {
        let twice = refusal(["compare", "--deployment", "single", "single"])
        #expect(twice?.contains("--deployment names a deployment twice") == true, "\(twice ?? "accepted")")
        let unknown = refusal(["compare", "--deployment", "sharded"])
        #expect(
            unknown?.contains("sharded") == true && unknown?.contains("replicated") == true, "\(unknown ?? "accepted")")
        #expect(refusal(["compare", "--deployment", "single", "replicated"]) == nil)
        #expect(refusal(["demo", "--deployment", "replicated"]) == nil)
        #expect(refusal(["demo", "--deployment", "sharded"])?.contains("sharded") == true)
        // A part's own options are read when its suite runs: the same words, refused there.
        #expect(throws: (any Error).self) {
            try RabbitStreamPart.ScenarioOptions.parse(["--deployment", "replicated", "--node-loss-orders", "5"])
        }
        _ = try RabbitStreamPart.ScenarioOptions.parse(["--deployment", "replicated"])
    }

    /// Replicated, every service of B and D declares its queues quorum; any other type is refused by name.
    @Test func aServiceTakesTheQueueTypeOfItsDeploymentAndNoOther() throws {
        #expect(try RabbitStreamServeOptions.parse(["--queue-type", "quorum"]).broker.queueType == .quorum)
        #expect(try RabbitStreamServeOptions.parse([]).broker.queueType == .classic)
        do {
            _ = try RabbitStreamServeOptions.parse(["--queue-type", "mirrored"])
            Issue.record("--queue-type mirrored was accepted")
        } catch {
            let message = RabbitStreamServeOptions.message(for: error)
            #expect(message.contains("mirrored") && message.contains("quorum"), "\(message)")
        }
    }

    @Test func aStreamReaderRefusesAPrefetchTheBrokerCannotTake() throws {
        // AMQP 0-9-1's basic.qos carries the prefetch count in 16 bits, and a stream consumer needs one.
        for value in ["0", "65536"] {
            do {
                _ = try RabbitStreamServeOptions.parse(["--prefetch", value])
                Issue.record("--prefetch \(value) was accepted")
            } catch {
                #expect(RabbitStreamServeOptions.message(for: error).contains("--prefetch (1…65535)"))
            }
        }
        #expect(try RabbitStreamServeOptions.parse(["--prefetch", "65535"]).flow.prefetch == 65_535)
    }

    @Test func compareTakesModelsByLetterOrPartName() throws {
        #expect(try ComparedModels.select(["a", "streaming-log"]).map { $0.name } == ["sync-rest", "streaming-log"])
        #expect(try ComparedModels.select([]).count == ComparedModels.all.count)
        #expect(refusal(["compare", "--models", "b", "--faults", "baseline", "broker_paused"]) == nil)
    }

    @Test func aPartIsLookedUpByNameAndAnUnknownOneListsTheParts() throws {
        #expect(try PartCatalog.named("pizza-line").name == "pizza-line")
        #expect(throws: ValidationError.self) { try PartCatalog.named("carrier-pigeon") }
        #expect(PartCatalog.names.contains("async-queue"))
    }
}

@Suite struct EngineCatalogTests {
    /// Engines of one protocol share its variable (one RabbitMQ node or a cluster: AMQP_URL names what to
    /// use, a list for a cluster); engines of different protocols never do.
    @Test func everyEngineHasItsOwnNameAndEachProtocolItsVariable() {
        let names = EngineCatalog.all.map { $0.name }
        #expect(Set(names).count == names.count)
        let variable = Dictionary(uniqueKeysWithValues: EngineCatalog.all.map { ($0.name, $0.environmentVariable) })
        #expect(variable["rabbitmq-cluster"] == variable["rabbitmq"])
        #expect(variable["kafka-cluster"] == variable["kafka"])
        #expect(variable["kafka"] != nil && variable["kafka"] != variable["rabbitmq"])
        #expect(Set(variable.values).count == 2)
    }

    @Test func theBrokerCommandTakesEveryEngineOfTheCatalogueAndNamesThemWhenWrong() {
        for engine in EngineCatalog.all {
            #expect((try? Commlab.parseAsRoot(["broker", engine.name, "status"])) != nil, "\(engine.name)")
        }
        let wrong = CommandLineTests().refusal(["broker", "zookeeper", "start"])
        #expect(wrong?.contains("no engine 'zookeeper'") == true && wrong?.contains("rabbitmq") == true)
    }
}
