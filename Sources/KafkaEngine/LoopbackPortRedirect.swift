import Foundation
import LabKit

/// A kernel rule sending new loopback connections for one port to another
/// (iptables' `nat` `OUTPUT` chain, `REDIRECT`), tagged with a comment naming
/// the lab so it can be found and removed. It is how a restarted embedded
/// broker, which librdkafka 2.0.2's mock always binds to a fresh ephemeral
/// port, is reachable again at the address its clients were given. Needs root
/// and iptables; a user without them gets the reason instead (``unavailable``).
public struct LoopbackPortRedirect: Codable, Sendable, Equatable {
    public var from: Int
    public var to: Int
    /// Written into the rule's comment, so the lab's rules are told apart from anyone else's.
    public var tag: String

    public init(from: Int, to: Int, tag: String) {
        self.from = from
        self.to = to
        self.tag = tag
    }

    /// Why the lab cannot add such a rule here, or nil when it can.
    public static var unavailable: String? {
        guard geteuid() == 0 else { return "redirecting a loopback port needs root (iptables' nat table)" }
        guard ExternalCommand.find("iptables") != nil else {
            return "redirecting a loopback port needs iptables (Debian package iptables)"
        }
        return nil
    }

    private var ruleArguments: [String] {
        [
            "-t", "nat", "OUTPUT", "-p", "tcp", "-d", "127.0.0.1", "--dport", String(from), "-m", "comment",
            "--comment", tag, "-j", "REDIRECT", "--to-ports", String(to),
        ]
    }

    /// Adds the rule; throws with iptables' own words when it refuses.
    public func add() async throws {
        try await Self.iptables(["-w"] + insert(ruleArguments, "-A"))
    }

    /// Removes the rule; a rule already gone is not an error.
    public func remove() async {
        try? await Self.iptables(["-w"] + insert(ruleArguments, "-D"))
    }

    /// `-t nat` first, then the action and the chain.
    private func insert(_ arguments: [String], _ action: String) -> [String] {
        Array(arguments[0..<2]) + [action] + Array(arguments[2...])
    }

    private static func iptables(_ arguments: [String]) async throws {
        guard let executable = ExternalCommand.find("iptables") else {
            throw LoopbackPortRedirectError(command: arguments, said: "iptables is not installed")
        }
        let outcome = try await ExternalCommand.run(executable, arguments)
        guard outcome.succeeded else {
            throw LoopbackPortRedirectError(command: arguments, said: outcome.output)
        }
    }
}

public struct LoopbackPortRedirectError: Error, CustomStringConvertible {
    public var command: [String]
    public var said: String

    public var description: String {
        "iptables \(command.joined(separator: " ")) failed: \(said.trimmingCharacters(in: .whitespacesAndNewlines))"
    }
}
