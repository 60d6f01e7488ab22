import AsyncHTTPClient
import Brokers
import LabKit
import OrderDomain
import OrderWorkload

/// Part A in the comparison: no broker and no consumer, so the faults that
/// need one say why they do not apply.
extension SyncRESTLab: ComparedLab {
    public var costedProcesses: [String: Int32] {
        get async { await processIDs(of: services, broker: nil) }
    }

    public var crashableConsumer: Result<ServiceProcess, NotApplicable> {
        .failure(NotApplicable("no consumer: the inventory answers requests, so its crash is the inventory-down fault"))
    }

    public var pausableBroker: Result<LabBroker, NotApplicable> {
        .failure(NotApplicable("no broker: the services call each other directly"))
    }

    public func sendPoisonMessage(_ body: String) async throws -> Result<Void, NotApplicable> {
        .failure(NotApplicable("no messages: bad input arrives only as requests, which get a 4xx"))
    }

    public func sendDuplicateMessage(_ order: Order) async throws -> Result<Void, NotApplicable> {
        .failure(NotApplicable("no messages: a duplicate arrives only as a request with the same order_id"))
    }

    public func deadLetters() async throws -> Result<Int, NotApplicable> {
        .failure(NotApplicable("no dead-letter queue: a bad request is answered, not stored"))
    }

    public var deadLettersPerPoisonMessage: Int { 0 }

    public func deadLetterReasons() async throws -> Result<[String], NotApplicable> {
        .failure(NotApplicable("no dead-letter queue: a bad request is answered, not stored"))
    }

    public func transportGauges() async -> [TransportGauge] { [] }

    public func replay() async throws -> Result<String, NotApplicable> {
        .failure(NotApplicable("no log: the services keep no record of the requests to replay"))
    }
}

extension SyncRESTPart: ComparablePart {
    public static let modelName = "A: sync REST"

    public static func startCompared(_ setup: ComparedLabSetup, http: HTTPClient, progress: ProgressLog) async throws
        -> any ComparedLab
    {
        try await SyncRESTLab.start(
            SyncRESTLab.Options(
                executable: setup.executable, workDirectory: setup.workDirectory, stock: setup.stock,
                downstreamTimeout: setup.downstreamTimeout), http: http, progress: progress)
    }
}
