import Foundation

/// ProgressLog lines for long runs, on standard output, flushed at once so a
/// person (or CI log) sees where a run is.
public struct ProgressLog: Sendable {
    public let prefix: String

    public init(prefix: String = "") {
        self.prefix = prefix
    }

    public func say(_ line: String) {
        FileHandle.standardOutput.write(Data("\(prefix)\(line)\n".utf8))
    }

    /// The same printer, with its lines indented under a heading.
    public func nested() -> ProgressLog { ProgressLog(prefix: prefix + "    ") }
}
