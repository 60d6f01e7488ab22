import Messaging
import OrderDomain

extension ReaderOffsets: StreamOffsetStore {
    public func position(in stream: String) async throws -> StreamReaderPosition? {
        try await position(of: stream).map { StreamReaderPosition(next: $0.next, finishedAhead: $0.finishedAhead) }
    }
}
