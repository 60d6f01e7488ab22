import NIOCore

/// What a blocking call to another service came back with.
enum DownstreamAnswer: Sendable {
    /// It answered, with this status and body.
    case answered(status: Int, body: ByteBuffer)
    /// No connection could be made (refused, reset): the service is down.
    case unreachable(detail: String)
    /// It did not answer within the caller's timeout.
    case timedOut
}
