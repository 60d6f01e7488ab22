import AsyncHTTPClient
import LabKit
import OrderDomain
import OrderWorkload

/// Part A in the comparison: no broker and no consumer, so the faults that
/// need one say why they do not apply.
extension SyncRESTLab: ComparedLab {
    public var costedProcesses: [String: Int32] {
        get async { await processIDs(of: services, broker: nil) }
    }

    public func whyNot(_ capability: LabCapability) -> String {
        switch capability {
        case .consumerCrash: "no consumer: the inventory answers requests, so its crash is the inventory-down fault"
        case .brokerPause, .brokerCrash, .brokerNodeLoss: "no broker: the services call each other directly"
        case .messageInjection: "no messages: bad input and duplicates arrive only as requests, which are answered"
        case .deadLetters: "no dead-letter queue: a bad request is answered, not stored"
        case .transportGauges: "no queue: requests wait in the client"
        case .replay: "no log: the services keep no record of the requests to replay"
        case .orderLink: "the order service's link to the inventory is cut by its cgroup"
        case .consumerLink: "no consumer: the inventory answers requests, and its link is the order path"
        case .readerLink: "the order service's link to the notification service is cut by its cgroup"
        case .consumerScaling:
            "no consumer to add: more inventory services would need a load balancer in front of them and one "
                + "stock shared honestly behind them; out of scope here"
        }
    }
}

/// A's order path is the order service's HTTP calls to the inventory.
extension SyncRESTLab: OrderLinkCutting {
    public var orderService: ServiceProcess { services["order"] }
    public var orderDeadline: Duration { downstreamTimeout }
    /// Each call to the inventory has its own deadline; no connection is kept to be given up.
    public var halfOpenDetection: LinkLossDetection? { nil }

    public var orderPathPort: Result<Int, NotApplicable> {
        get async {
            guard let port = await services["inventory"].port else {
                return .failure(NotApplicable("the inventory has not started"))
            }
            return .success(port)
        }
    }
}

/// A's other reader is the notification service, which the order service calls before it answers.
extension SyncRESTLab: ReaderLinkCutting {
    public var readerLinkService: ServiceProcess { services["order"] }
    public var readerLinkRole: String { "order service" }

    public var readerLinkPort: Result<Int, NotApplicable> {
        get async {
            guard let port = await services["notification"].port else {
                return .failure(NotApplicable("the notification service has not started"))
            }
            return .success(port)
        }
    }
}

extension SyncRESTLab: StartableComparedLab {
    /// The lab's options in the comparison: its setup, and this model's own defaults.
    public static func options(compared setup: ComparedLabSetup) -> Options {
        Options(
            executable: setup.executable, workDirectory: setup.workDirectory, stock: setup.stock,
            downstreamTimeout: setup.downstreamTimeout)
    }
}
