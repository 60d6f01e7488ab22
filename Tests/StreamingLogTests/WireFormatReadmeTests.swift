import Foundation
import OrderWorkload
import StreamingLog
import Testing

/// streaming-log/README.md shows exactly what the code sends.
@Suite struct WireFormatReadmeTests {
    @Test func theReadmesWireFormatSectionMatchesTheEncoders() throws {
        try WireFormatReadme.check(part: "streaming-log", section: StreamingLogWireFormat.section())
    }
}
