import Foundation
import OrderDomain
import OrderWorkload
import Testing

/// A service started by hand keeps its state in a file unless told otherwise.
@Suite struct StoreOptionsTests {
    @Test func theDefaultIsAFileInTheStateFolderNotMemory() throws {
        let options = try StoreOptions.parse([])
        let location = try options.location(for: "sync-rest-inventory")
        guard case .file(let path) = location.store else {
            Issue.record("state kept in memory by default")
            return
        }
        #expect(path.hasSuffix("/sync-rest-inventory.sqlite"))
    }

    @Test func memoryAndAnExplicitFileAreChoices() throws {
        #expect(try StoreOptions.parse(["--in-memory"]).location(for: "x").store == .memory)
        #expect(
            try StoreOptions.parse(["--database", "/tmp/x.sqlite"]).location(for: "x").store
                == .file(path: "/tmp/x.sqlite"))
        #expect(throws: (any Error).self) { try StoreOptions.parse(["--in-memory", "--database", "/tmp/x.sqlite"]) }
    }
}
