import LabKit
import NetfilterQueue

/// The link cuts in force in this process: ended by the fault's end, and all
/// of them by Ctrl-C (the run's interrupt handler) so none outlives the run.
/// A cut that holds packets (latency, bandwidth) has a ``PacketHolder`` of its
/// own, started before its rule and stopped after it.
public actor ActiveLinkCuts {
    public static let shared = ActiveLinkCuts()

    private var cuts: [(cut: LinkCut, holder: (any HeldQueue)?)] = []
    private var cleanupToken: Int?

    /// Adds `cut`'s rules and remembers it.
    public func apply(_ cut: LinkCut) async throws {
        if cleanupToken == nil {
            cleanupToken = ChildProcessRegistry.addCleanup { await ActiveLinkCuts.shared.removeAll() }
        }
        let holder = try await Self.holder(for: cut)
        do {
            try await cut.apply()
        } catch {
            await holder?.stop()
            throw error
        }
        cuts.append((cut, holder))
    }

    /// Removes every cut on the link from `group` to `peerPort`; returns how many there were.
    @discardableResult
    public func remove(group: String?, peerPort: Int) async -> Int {
        let ending = cuts.filter { $0.cut.group == group && $0.cut.peerPort == peerPort }
        cuts.removeAll { $0.cut.group == group && $0.cut.peerPort == peerPort }
        for (cut, holder) in ending {
            await cut.remove()
            await holder?.stop()
        }
        return ending.count
    }

    /// Removes every cut this process made.
    public func removeAll() async {
        let ending = cuts
        cuts = []
        for (cut, holder) in ending {
            await cut.remove()
            await holder?.stop()
        }
    }

    private static func holder(for cut: LinkCut) async throws -> (any HeldQueue)? {
        guard let pacer = cut.pacer else { return nil }
        #if os(Linux)
            return try await PacketHolder.start(queue: cut.queueNumber, peerPort: UInt16(cut.peerPort), pacer: pacer)
        #else
            throw LinkCutError(command: [], said: "holding packets needs Linux's netfilter queue")
        #endif
    }
}

/// What the cuts need of a packet holder: that it can be stopped.
protocol HeldQueue: Sendable {
    func stop() async
}

#if os(Linux)
    extension PacketHolder: HeldQueue {}
#endif
