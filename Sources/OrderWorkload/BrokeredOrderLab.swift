import Brokers
import LabKit

/// A lab whose orders travel through a broker it can fault (parts B and C).
public protocol BrokeredOrderLab: OrderLab {
    var broker: LabBroker { get }
    /// The service that consumes `OrderPlaced`.
    var inventory: ServiceProcess { get }
    /// How long the order service waits for the broker before answering 503.
    var acceptDeadline: Duration { get }
}

extension ComparedLab where Self: BrokeredOrderLab & BrokeredLab {
    /// Every service (each inventory instance by its name) and the broker, when the lab owns it.
    public var costedProcesses: [String: Int32] {
        get async {
            var pids = await processIDs(of: services, broker: broker)
            for instances in core.scaledRoles.values {
                pids.merge(await instances.processIDs) { first, _ in first }
            }
            return pids
        }
    }

    /// The inventory consumer.
    public var consumer: ServiceProcess { inventory }
}

extension BrokeredLab {
    /// Every inventory instance, the first and those added while the lab runs.
    public var inventoryInstances: RoleInstances {
        guard let instances = core.scaledRoles["inventory"] else {
            preconditionFailure("a brokered order lab starts through BrokeredOrderLabOptions, which scales inventory")
        }
        return instances
    }
}

extension BrokeredOrderLab {
    /// The broker's port, where a brokered model's links end; why not when it is not on loopback.
    var brokerLinkPort: Result<Int, NotApplicable> {
        broker.loopbackPort.map { .success($0) }
            ?? .failure(NotApplicable("the broker is not on loopback, where the lab's link faults act"))
    }
}

extension OrderLinkCutting where Self: BrokeredOrderLab {
    public var orderDeadline: Duration { acceptDeadline }

    /// A brokered model's order path ends at its broker.
    public var orderPathPort: Result<Int, NotApplicable> { get async { brokerLinkPort } }
}

extension ConsumerLinkCutting where Self: BrokeredOrderLab {
    public var consumerService: ServiceProcess { inventory }

    /// The inventory consumer reads from the broker.
    public var consumerPathPort: Result<Int, NotApplicable> { get async { brokerLinkPort } }
}
