import Faults
import Foundation

/// The page's buttons, made from the fault catalogue: one per fault that acts
/// once, a start and an end for one held for a window, and the replay.
enum DemoControlList {
    struct Entry: Sendable, Hashable {
        /// The button's id after `<model>-btn-`, and the key of its "n/a" reason.
        var id: String
        var label: String
        var action: DemoControl.Action
        var fault: FaultKind?
        var value: Double?
    }

    static let all: [Entry] = {
        var entries: [Entry] = []
        for kind in FaultKind.allCases where kind != .baseline {
            let value = kind.parameters.first?.demoValue
            let label = kind.label(Dictionary(uniqueKeysWithValues: kind.parameters.map { ($0.key, $0.demoValue) }))
            if kind.lastsForItsWindow {
                entries.append(
                    Entry(id: "\(kind.rawValue)-start", label: label, action: .start, fault: kind, value: value))
                entries.append(
                    Entry(
                        id: "\(kind.rawValue)-end",
                        label: "end " + kind.rawValue.replacingOccurrences(of: "_", with: " "),
                        action: .end, fault: kind))
            } else {
                entries.append(Entry(id: kind.rawValue, label: label, action: .start, fault: kind, value: value))
            }
        }
        entries.append(Entry(id: "replay", label: "replay from the log", action: .replay))
        return entries
    }()

    /// Each entry's id for a fault, for the "n/a" reasons.
    static func ids(of kind: FaultKind) -> [String] {
        all.filter { $0.fault == kind }.map(\.id)
    }

    /// The list as the page's script reads it.
    static var json: String {
        let rows: [[Any]] = all.map {
            [$0.id, $0.label, $0.action.rawValue, $0.fault?.rawValue ?? NSNull(), $0.value ?? NSNull()]
        }
        guard let data = try? JSONSerialization.data(withJSONObject: rows) else { return "[]" }
        return String(decoding: data, as: UTF8.self)
    }
}
