import Foundation

/// The path of the running `commlab` binary, so the lab starts its services
/// from the same build it runs in.
enum SelfExecutable {
    static var path: String {
        if let resolved = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            return resolved
        }
        return URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.path
    }
}
