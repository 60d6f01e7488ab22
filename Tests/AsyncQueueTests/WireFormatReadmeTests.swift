import AsyncQueue
import Foundation
import OrderWorkload
import Testing

/// async-queue/README.md shows exactly what the code sends.
@Suite struct WireFormatReadmeTests {
    @Test func theReadmesWireFormatSectionMatchesTheEncoders() throws {
        try WireFormatReadme.check(part: "async-queue", section: AsyncQueueWireFormat.section())
    }
}
