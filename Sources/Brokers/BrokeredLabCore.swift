import AsyncHTTPClient
import LabKit

/// What every brokered lab starts and stops the same way: the broker, the
/// lab's own clients on it, and the part's services. Stopping goes from the
/// top down, so no service outlives its broker.
public struct BrokeredLabCore<Clients: LabBrokerClients>: Sendable {
    public let services: RunningServices
    public let client: LabHTTPClient
    public let clients: Clients
    public let broker: LabBroker
    public let workDirectory: String
    /// The roles that can run more than one instance, by role; their added instances stop first.
    public var scaledRoles: [String: RoleInstances] = [:]

    public func stop() async {
        for instances in scaledRoles.values { await instances.stopAdded() }
        await services.stop()
        await clients.close()
        await broker.stop()
    }
}

extension BrokerEngine {
    /// Starts (or reaches) the broker, opens the lab's clients on it, then the
    /// services `processes` names for it; whatever fails on the way, what was
    /// started before is stopped.
    public static func startLab<Clients: LabBrokerClients>(
        in workDirectory: String, executable: String, address: String?, http: HTTPClient, progress: ProgressLog,
        clients open: (LabBroker) async throws -> Clients,
        processes: (LabBroker) -> [ServiceProcess]
    ) async throws -> BrokeredLabCore<Clients> {
        try await withBroker(forLabIn: workDirectory, executable: executable, address: address, progress: progress) {
            broker in
            let clients = try await open(broker)
            var services = RunningServices()
            do {
                try await services.start(processes(broker), http: http)
            } catch {
                await clients.close()
                throw error
            }
            progress.say("services up: \(services.summary)")
            return BrokeredLabCore(
                services: services, client: LabHTTPClient(http: http), clients: clients, broker: broker,
                workDirectory: workDirectory)
        }
    }
}

/// A lab built on a ``BrokeredLabCore``: its parts and its stop come from there.
public protocol BrokeredLab: RunningLab {
    associatedtype Clients: LabBrokerClients
    var core: BrokeredLabCore<Clients> { get }
}

extension BrokeredLab {
    public var services: RunningServices { core.services }
    public var client: LabHTTPClient { core.client }
    /// The broker: a private one the lab started, or the one the user named.
    public var broker: LabBroker { core.broker }
    public var workDirectory: String { core.workDirectory }

    /// Stops the services, closes the lab's clients, stops a private broker.
    public func stop() async { await core.stop() }
}
