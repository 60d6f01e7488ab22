/// Where the broker put a published message, as far as its transport says:
/// a log's partition and offset; nothing for a queue.
public struct PublishReceipt: Sendable, Hashable {
    public var partition: Int32?
    public var offset: Int64?

    public init(partition: Int32? = nil, offset: Int64? = nil) {
        self.partition = partition
        self.offset = offset
    }
}
