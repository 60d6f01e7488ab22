import AsyncQueue
import Foundation
import OrderWorkload
import Testing

/// async-queue/README.md shows exactly what the code sends.
@Suite struct WireFormatReadmeTests {
    @Test func theReadmesWireFormatSectionMatchesTheEncoders() throws {
        let expected = try WireFormatReadme.expected(part: "async-queue", section: AsyncQueueWireFormat.section())
        let current = try WireFormatReadme.readme(part: "async-queue")
        if current != expected, try WireFormatReadme.rewriteIfAsked(part: "async-queue", expected: expected) {
            Issue.record(
                "async-queue/README.md differed from what the code sends and was rewritten; run the test again")
        }
        #expect(current == expected, "async-queue/README.md's wire format differs from what the code sends")
    }
}
