import Faults
import Foundation
import Testing

@testable import Demo

/// The page's buttons come from the fault catalogue: a new fault kind gets its buttons without a page edit.
@Suite struct DemoControlListTests {
    @Test func everyFaultButBaselineHasAButtonAndHeldOnesCanBeEnded() {
        for kind in FaultKind.allCases {
            let entries = DemoControlList.all.filter { $0.fault == kind }
            if kind == .baseline {
                #expect(entries.isEmpty)
            } else if kind.lastsForItsWindow {
                #expect(entries.map(\.action) == [.start, .end], "\(kind)")
            } else {
                #expect(entries.map(\.action) == [.start], "\(kind)")
            }
        }
    }

    @Test func buttonIdsAreUniqueAndThePageCarriesThem() throws {
        let ids = DemoControlList.all.map(\.id)
        #expect(Set(ids).count == ids.count)
        let rows = try #require(
            JSONSerialization.jsonObject(with: Data(DemoControlList.json.utf8)) as? [[Any]])
        #expect(rows.compactMap { $0.first as? String } == ids)
        #expect(DemoPage.html.contains(#""inventory_down-start""#))
        #expect(!DemoPage.html.contains("/*CONTROLS*/"))
    }

    @Test func aButtonsValueIsOneItsFaultTakes() {
        for entry in DemoControlList.all {
            guard entry.action == .start, let kind = entry.fault, let parameter = kind.parameters.first else {
                continue
            }
            #expect(parameter.problem(with: entry.value) == nil, "\(entry.id)")
        }
    }
}
