import Foundation
import OrderWorkload
import StreamingLog
import Testing

/// streaming-log/README.md shows exactly what the code sends.
@Suite struct WireFormatReadmeTests {
    @Test func theReadmesWireFormatSectionMatchesTheEncoders() throws {
        let expected = try WireFormatReadme.expected(part: "streaming-log", section: StreamingLogWireFormat.section())
        let current = try WireFormatReadme.readme(part: "streaming-log")
        if current != expected, try WireFormatReadme.rewriteIfAsked(part: "streaming-log", expected: expected) {
            Issue.record(
                "streaming-log/README.md differed from what the code sends and was rewritten; run the test again")
        }
        #expect(current == expected, "streaming-log/README.md's wire format differs from what the code sends")
    }
}
