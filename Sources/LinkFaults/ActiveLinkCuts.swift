import LabKit

/// The link cuts in force in this process: ended by the fault's end, and all
/// of them by Ctrl-C (the run's interrupt handler) so none outlives the run.
public actor ActiveLinkCuts {
    public static let shared = ActiveLinkCuts()

    private var cuts: [LinkCut] = []
    private var cleanupToken: Int?

    /// Adds `cut`'s rules and remembers it.
    public func apply(_ cut: LinkCut) async throws {
        if cleanupToken == nil {
            cleanupToken = ChildProcessRegistry.addCleanup { await ActiveLinkCuts.shared.removeAll() }
        }
        try await cut.apply()
        cuts.append(cut)
    }

    /// Removes every cut on the link from `group` to `peerPort`; returns how many there were.
    @discardableResult
    public func remove(group: String, peerPort: Int) async -> Int {
        let ending = cuts.filter { $0.group == group && $0.peerPort == peerPort }
        cuts.removeAll { $0.group == group && $0.peerPort == peerPort }
        for cut in ending { await cut.remove() }
        return ending.count
    }

    /// Removes every cut this process made.
    public func removeAll() async {
        let ending = cuts
        cuts = []
        for cut in ending { await cut.remove() }
    }
}
