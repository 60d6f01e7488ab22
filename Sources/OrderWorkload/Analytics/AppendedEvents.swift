/// What a bulk append to a log did: how long until every write was
/// confirmed, how many events had status `failed`, and how many writes failed.
public struct AppendedEvents: Sendable {
    public var seconds: Double
    public var failed: Int
    public var deliveryErrors: Int

    public init(seconds: Double, failed: Int, deliveryErrors: Int) {
        self.seconds = seconds
        self.failed = failed
        self.deliveryErrors = deliveryErrors
    }
}
