import AsyncHTTPClient
import Brokers
import Foundation
import Faults
import LabKit
import LinkFaults
import OrderDomain

/// The one place each fault of the catalogue (``FaultKind``) is done to a
/// model: the comparison's segments and the demo's buttons both call these.
/// Each returns what it did, in words for an event log.
extension ComparedLab {
    /// Why `kind` cannot be done to this model, or nil when it can.
    public func notApplicable(_ kind: FaultKind) -> NotApplicable? {
        switch kind.requirement {
        case .nothing: nil
        case .consumer: lacks(.consumerCrash)
        case .pausableBroker: lacks(.brokerPause)
        case .crashableBroker: lacks(.brokerCrash)
        case .replicatedBroker:
            lacks(.brokerNodeLoss)
                ?? (kind == .quorumLost
                    ? (self as? any BrokerPausing)?.broker.whyNot(.quorumLoss).map(NotApplicable.init) : nil)
        case .cuttableOrderLink: lacks(.orderLink)
        case .cuttableConsumerLink: lacks(.consumerLink)
        case .cuttableReaderLink: lacks(.readerLink)
        case .cuttableClientLink: clientLinkUnavailable
        }
    }

    /// Starts `kind` with `values` (by parameter key; a missing one takes the catalogue's demo value). A
    /// fault that ``FaultKind/lastsForItsWindow`` stays on until ``endFault(_:http:)``.
    public func startFault(_ kind: FaultKind, _ values: [String: Double] = [:], http: HTTPClient) async throws
        -> String
    {
        if let reason = notApplicable(kind) { throw reason }
        func value(_ parameter: FaultParameter) -> Double { values[parameter.key] ?? parameter.demoValue }
        switch kind {
        case .baseline:
            return "window: no fault"
        case .inventorySlow, .inventoryFailing:
            let plan = kind.servicePlan(values) ?? .none
            try await setFaultsOnEveryInventory(plan)
            return "inventory: \(plan)"
        case .inventoryDown:
            _ = try await inventory.stop()
            return "inventory stopped"
        case .consumerCrash:
            let restartAfter = Duration.milliseconds(Int64(value(.restartAfter)))
            guard let consumer = crashableConsumer else { throw lacks(.consumerCrash) ?? NotApplicable("no consumer") }
            try await consumer.kill()
            try await Task.sleep(for: restartAfter)
            try await consumer.start(http: http)
            return "consumer SIGKILLed, started again after \(Int(restartAfter.milliseconds)) ms"
        case .brokerPaused:
            guard let broker = pausableBroker else { throw lacks(.brokerPause) ?? NotApplicable("no broker") }
            try await broker.pause()
            return "broker paused (SIGSTOP)"
        case .brokerCrash:
            let restartAfter = Duration.milliseconds(Int64(value(.restartAfter)))
            guard let broker = crashableBroker else { throw lacks(.brokerCrash) ?? NotApplicable("no broker") }
            try await broker.crash(restartAfter: restartAfter)
            let after = "broker SIGKILLed, started again after \(Int(restartAfter.milliseconds)) ms"
            return broker.crashLoses.map { "\(after) without what it held: \($0)" } ?? "\(after) from its data"
        case .brokerNodeLost, .brokerNodePaused, .quorumLost:
            guard let lab = (self as any ComparedLab) as? any NodeLosing else {
                throw lacks(.brokerNodeLoss) ?? NotApplicable("no replicated broker")
            }
            let action: BrokerNodeAction =
                switch kind {
                case .brokerNodePaused: .pause(leaderOf: lab.leaderQueue)
                case .quorumLost: .killMajority(leaderOf: lab.leaderQueue)
                default:
                    .kill(leaderOf: lab.leaderQueue, restartAfter: .milliseconds(Int64(value(.restartAfter))))
                }
            return try await lab.broker.act(action)
        case .poisonInput:
            let written = try await writePoisonMessages(Int(value(.messages))).get()
            return "\(written) malformed messages written to the transport"
        case .linkPartition, .linkHalfOpen, .linkLoss, .linkReset, .linkLatency, .linkBandwidth,
            .consumerLinkPartition, .consumerLinkLoss, .readerLinkPartition, .clientLinkHalfOpen:
            let link = try await cuttableLink(for: kind).get()
            let cut: LinkCut.Kind =
                switch kind {
                case .linkHalfOpen, .clientLinkHalfOpen: .halfOpen
                case .linkLoss, .consumerLinkLoss: .loss(value(.loss))
                case .linkReset: .reset
                case .linkLatency:
                    .latency(delay: .milliseconds(value(.latency)), jitter: .milliseconds(value(.jitter)))
                case .linkBandwidth: .bandwidth(bytesPerSecond: value(.rate) * 1_000 / 8)
                default: .partition
                }
            let linkCut = LinkCut(cut, group: link.group, peerPort: link.peerPort)
            try await ActiveLinkCuts.shared.apply(linkCut)
            let how = linkCut.holdsPackets ? "iptables NFQUEUE" : "iptables"
            return "\(kind.label(values)): \(link.description) (\(how))"
        case .duplicateDelivery:
            let order = OrderRequest(
                userID: "duplicate", lines: [.init(itemID: "pizza", quantity: 1, price: 12.5)],
                orderID: "dup-\(Timestamp.now().microsecondsSinceEpoch)"
            ).place()
            let written = try await writeDuplicateMessages([order]).get()
            return "\(written.count) messages written twice with one message id"
        }
    }

    /// Every node of a replicated broker running again (a node fault cut short); nil without one.
    public func restoreBrokerNodes() async throws -> String? {
        guard lacks(.brokerNodeLoss) == nil, let lab = (self as any ComparedLab) as? any NodeLosing else { return nil }
        return try await lab.broker.act(.restore)
    }

    /// Why this model loses accepted orders under `kind` by construction, as
    /// its engine states it before the fault runs (a broker that keeps its
    /// data in memory, crashed); nil when it promises to lose none.
    public func declaredLoss(_ kind: FaultKind) -> String? {
        kind == .brokerCrash ? crashableBroker?.crashLoses : nil
    }

    /// Ends a fault that lasts for its window; nil for one that acted once.
    public func endFault(_ kind: FaultKind, http: HTTPClient) async throws -> String? {
        switch kind {
        case .inventorySlow, .inventoryFailing:
            try await setFaultsOnEveryInventory(.none)
            return "inventory fault cleared"
        case .inventoryDown:
            guard !(await inventory.isRunning) else { return "inventory already running" }
            try await inventory.start(http: http)
            return "inventory started again"
        case .brokerPaused:
            guard let broker = pausableBroker else { throw lacks(.brokerPause) ?? NotApplicable("no broker") }
            try broker.resume()
            return "broker resumed (SIGCONT)"
        case .brokerNodePaused, .quorumLost:
            guard let lab = (self as any ComparedLab) as? any NodeLosing else { return nil }
            return try await lab.broker.act(.restore)
        case .linkPartition, .linkHalfOpen, .linkLoss, .linkReset, .linkLatency, .linkBandwidth,
            .consumerLinkPartition, .consumerLinkLoss, .readerLinkPartition, .clientLinkHalfOpen:
            guard case .success(let link) = await cuttableLink(for: kind) else { return nil }
            await ActiveLinkCuts.shared.remove(group: link.group, peerPort: link.peerPort)
            return switch kind.target {
            case .orderLink: "order path healed"
            case .readerLink: "reader link healed"
            case .clientLink: "client link healed"
            default: "consumer link healed"
            }
        case .baseline, .consumerCrash, .brokerCrash, .brokerNodeLost, .poisonInput, .duplicateDelivery:
            return nil
        }
    }

    /// Writes `count` malformed events straight into the transport, as a broken producer would; how many
    /// were written, or why none can be (a model without messages).
    public func writePoisonMessages(_ count: Int) async throws -> Result<Int, NotApplicable> {
        guard let transport = (self as any ComparedLab) as? any MessageInjecting else {
            return .failure(NotApplicable(whyNot(.messageInjection)))
        }
        var written = 0
        for index in 0..<count {
            let body = PoisonRequest.all[index % PoisonRequest.all.count].body
            try await transport.sendPoisonMessage(body)
            written += 1
        }
        return .success(written)
    }

    /// Writes each of `orders` into the transport twice with the same message id, past the order
    /// service; those written, or why none can be (a model without messages).
    public func writeDuplicateMessages(_ orders: [Order]) async throws -> Result<[Order], NotApplicable> {
        guard let transport = (self as any ComparedLab) as? any MessageInjecting else {
            return .failure(NotApplicable(whyNot(.messageInjection)))
        }
        var written: [Order] = []
        for order in orders {
            try await transport.sendDuplicateMessage(order)
            written.append(order)
        }
        return .success(written)
    }
}

extension ComparedLab {
    /// Why the link from the lab's own client to the order service cannot be cut here, or nil.
    var clientLinkUnavailable: NotApplicable? {
        if let reason = LinkFaultSupport.unavailable { return NotApplicable(reason) }
        guard LoopbackAddress.port(in: orderURL) != nil else {
            return NotApplicable("the order service is not on loopback, where the lab's link faults act")
        }
        return nil
    }

    /// The link a link fault cuts: the order path, the inventory consumer's link to its broker, or the link
    /// to the order's other reader.
    func cuttableLink(for kind: FaultKind) async -> Result<ServiceLink, NotApplicable> {
        let lab: any ComparedLab = self
        if kind.target == .clientLink {
            if let reason = clientLinkUnavailable { return .failure(reason) }
            guard let port = LoopbackAddress.port(in: orderURL) else {
                return .failure(NotApplicable("the order service's address \(orderURL) names no loopback port"))
            }
            return .success(ServiceLink(group: nil, peerPort: port))
        }
        if kind.target == .readerLink {
            guard let cutting = lab as? any ReaderLinkCutting else {
                return .failure(lacks(.readerLink) ?? NotApplicable("no reader link"))
            }
            return await cutting.readerLink
        }
        if kind.target == .consumerLink {
            guard let cutting = lab as? any ConsumerLinkCutting else {
                return .failure(lacks(.consumerLink) ?? NotApplicable("no consumer link"))
            }
            return await cutting.consumerLink
        }
        guard let cutting = lab as? any OrderLinkCutting else {
            return .failure(lacks(.orderLink) ?? NotApplicable("no order path"))
        }
        return await cutting.orderLink
    }
}
