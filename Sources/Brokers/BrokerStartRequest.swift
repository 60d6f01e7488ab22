import Foundation
import LabKit

/// What an engine is given to start a private broker.
public struct BrokerStartRequest: Sendable {
    /// The broker's folder: its data, logs and state file.
    public var directory: String
    /// The `commlab` executable, for engines that run in a process of the lab's own.
    public var executable: String
    /// The environment, where a user's own broker may be named.
    public var environment: [String: String]
    public var progress: ProgressLog

    public init(
        directory: String, executable: String, environment: [String: String] = ProcessInfo.processInfo.environment,
        progress: ProgressLog = ProgressLog()
    ) {
        self.directory = directory
        self.executable = executable
        self.environment = environment
        self.progress = progress
    }
}
