@testable import Brokers
import LabKit
import Synchronization
import Testing

/// An engine that starts nothing: it counts its starts and the stops of what it "started".
enum CountingEngine: BrokerEngine {
    static let name = "counting"
    static let summary = "a stand-in that starts no process"
    static let environmentVariable = "COUNTING_BROKER"
    static let addressFormat = "host:port"
    static let processFaults: Set<BrokerProcessFault> = []
    static let starts = Mutex(0)
    static let stops = Mutex(0)

    static func startPrivate(_ request: BrokerStartRequest) async throws -> LabBroker {
        starts.withLock { $0 += 1 }
        return LabBroker(
            owned: "127.0.0.1:1", engine: name, controls: BrokerControls(stop: { stops.withLock { $0 += 1 } }))
    }

    static func reset() {
        starts.withLock { $0 = 0 }
        stops.withLock { $0 = 0 }
    }
}

struct LabCouldNotStart: Error {}

@Suite(.serialized) struct BrokerEngineTests {
    func request(_ environment: [String: String] = [:]) -> BrokerStartRequest {
        BrokerStartRequest(directory: "/nonexistent", executable: "/bin/false", environment: environment)
    }

    @Test func theUsersBrokerIsUsedAsItIsAndNeverStopped() async throws {
        CountingEngine.reset()
        let broker = try await CountingEngine.broker(request(["COUNTING_BROKER": "broker.example:9"]))
        #expect(broker.address == "broker.example:9")
        #expect(!broker.isOwned && broker.processFaults.isEmpty)
        await broker.stop()
        #expect(CountingEngine.starts.withLock { $0 } == 0)
        #expect(CountingEngine.stops.withLock { $0 } == 0)
    }

    @Test func anEmptyVariableStartsAPrivateBroker() async throws {
        CountingEngine.reset()
        let broker = try await CountingEngine.broker(request(["COUNTING_BROKER": ""]))
        #expect(broker.isOwned)
        await broker.stop()
        #expect(CountingEngine.starts.withLock { $0 } == 1)
        #expect(CountingEngine.stops.withLock { $0 } == 1)
    }

    @Test func aLabThatCannotStartStopsTheBrokerItStarted() async throws {
        CountingEngine.reset()
        await #expect(throws: LabCouldNotStart.self) {
            try await CountingEngine.withBroker(request()) { _ in throw LabCouldNotStart() }
        }
        #expect(CountingEngine.starts.withLock { $0 } == 1)
        #expect(CountingEngine.stops.withLock { $0 } == 1)
    }

    @Test func aLabThatStartedKeepsItsBroker() async throws {
        CountingEngine.reset()
        let address = try await CountingEngine.withBroker(request()) { $0.address }
        #expect(address == "127.0.0.1:1")
        #expect(CountingEngine.stops.withLock { $0 } == 0)
    }
}

@Suite struct LabBrokerTests {
    @Test func faultsFollowWhatTheEngineGaveAndWhoOwnsTheBroker() async throws {
        let external = LabBroker(external: "h:1", engine: "x")
        await #expect(throws: LabBroker.NotSupported.self) { try await external.pause() }
        #expect(throws: LabBroker.NotSupported.self) { try external.resume() }
        let owned = LabBroker(
            owned: "h:1", engine: "x",
            controls: BrokerControls(processID: { nil }, restart: {}, blockPublishers: { _ in }))
        #expect(owned.processFaults == [.pause, .restart, .blockPublishers])
        #expect(owned.canRestart && owned.canBlockPublishers)
        await owned.stop()
        let stopOnly = LabBroker(owned: "h:1", engine: "x", controls: BrokerControls())
        #expect(stopOnly.processFaults.isEmpty)
        await #expect(throws: LabBroker.NotSupported.self) { try await stopOnly.restart() }
        await stopOnly.stop()
    }

    @Test func aCrashIsOfferedOnlyWhereTheEngineCanSurviveItAndSaysWhyNot() async throws {
        let crashable = LabBroker(owned: "h:1", engine: "x", controls: BrokerControls(crash: { _ in }))
        #expect(crashable.processFaults == [.crash])
        #expect(crashable.whyNot(.crash) == nil)
        try await crashable.crash(restartAfter: .zero)
        await crashable.stop()
        let inMemory = LabBroker(
            owned: "h:1", engine: "x", controls: BrokerControls(limits: [.crash: "its log lives in memory"]))
        #expect(inMemory.whyNot(.crash) == "its log lives in memory")
        #expect(inMemory.whyNot(.pause) == "the x engine does not support it")
        await #expect(throws: LabBroker.NotSupported.self) { try await inMemory.crash(restartAfter: .zero) }
        await inMemory.stop()
        let external = LabBroker(external: "h:1", engine: "x")
        #expect(external.whyNot(.crash)?.contains("does not own") == true)
    }

    /// A replicated broker with node faults offers a lost quorum too, unless its engine says why it cannot.
    @Test func aLostQuorumIsOfferedUnlessTheEngineSaysWhyNot() async {
        let cluster = LabBroker(
            owned: "h:1,h:2,h:3", engine: "x", controls: BrokerControls(nodeAction: { _ in "done" }))
        #expect(cluster.processFaults == [.nodeLoss, .quorumLoss])
        await cluster.stop()
        let mock = LabBroker(
            owned: "h:1,h:2,h:3", engine: "x",
            controls: BrokerControls(nodeAction: { _ in "done" }, limits: [.quorumLoss: "no in-sync replicas"]))
        #expect(mock.processFaults == [.nodeLoss])
        #expect(mock.whyNot(.quorumLoss) == "no in-sync replicas")
        #expect(mock.whyNot(.nodeLoss) == nil)
        await mock.stop()
    }

    @Test func theRefusalSaysWhy() {
        let notOwned = LabBroker.NotSupported(action: "pause", engine: "kafka", owned: false)
        #expect(notOwned.description.contains("did not start it"))
        let unable = LabBroker.NotSupported(action: "restart", engine: "kafka", owned: true)
        #expect(unable.description.contains("kafka engine does not support it"))
    }
}
