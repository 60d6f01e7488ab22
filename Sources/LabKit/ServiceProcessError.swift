/// Why a supervised service could not be started or reached.
public enum ServiceProcessError: Error, Sendable, CustomStringConvertible {
    case exitedDuringStart(service: String, status: Int32, logTail: String)
    case notReady(service: String, waitedSeconds: Double, logTail: String)
    case notRunning(service: String)

    public var description: String {
        switch self {
        case .exitedDuringStart(let service, let status, let logTail):
            "\(service) exited with status \(status) while starting; its log ends with:\n\(logTail)"
        case .notReady(let service, let waited, let logTail):
            "\(service) did not report its port within \(waited) s; its log ends with:\n\(logTail)"
        case .notRunning(let service):
            "\(service) is not running"
        }
    }
}
