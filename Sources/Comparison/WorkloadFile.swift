import Faults
import Foundation
import LabKit
import OrderDomain
import Yams

/// A workload file read, checked and fingerprinted: the run records its text
/// and hash beside its results, so anyone can rerun exactly that experiment.
public struct WorkloadFile: Sendable {
    public var path: String
    public var text: String
    public var workload: CompareWorkload
    /// SHA-256 of the file's bytes, as `sha256sum` prints it (and computed by it: coreutils is on
    /// every Debian machine, and swift-crypto would add BoringSSL to every build for one hash).
    public var sha256: String

    /// Reads and checks `path`; every error names the line and the field.
    /// `displayPath` is how the report names the file (relative to the repository).
    public static func load(_ path: String, displayPath: String? = nil) async throws -> WorkloadFile {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw WorkloadFileError(file: path, line: nil, field: "", problem: "cannot read the file")
        }
        let text = String(decoding: data, as: UTF8.self)
        let workload = try parse(text, file: path)
        return WorkloadFile(
            path: displayPath ?? path, text: text, workload: workload,
            sha256: try await sha256(of: path))
    }

    /// Parses and checks YAML `text`; `file` names it in errors.
    public static func parse(_ text: String, file: String) throws -> CompareWorkload {
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else {
                throw WorkloadFileError(file: file, line: 1, field: "", problem: "the file is empty")
            }
            root = node
        } catch let error as YamlError {
            throw WorkloadFileError(file: file, line: Self.line(of: error), field: "", problem: "not YAML: \(error)")
        }
        let locator = NodeLocator(root: root, file: file)
        try locator.rejectUnknownKeys()
        let workload: CompareWorkload
        do {
            workload = try YAMLDecoder().decode(CompareWorkload.self, from: text)
        } catch let error as DecodingError {
            throw locator.error(for: error)
        }
        for problem in WorkloadValidation.problems(in: workload) {
            throw locator.error(at: problem.path, problem.message)
        }
        return workload
    }

    private static func sha256(of path: String) async throws -> String {
        guard let tool = ExternalCommand.find("sha256sum") else {
            throw WorkloadFileError(file: path, line: nil, field: "", problem: "sha256sum (coreutils) is not installed")
        }
        let outcome = try await ExternalCommand.run(tool, [path])
        guard outcome.succeeded, let hash = outcome.output.split(separator: " ").first, hash.count == 64 else {
            throw WorkloadFileError(file: path, line: nil, field: "", problem: "sha256sum failed: \(outcome.output)")
        }
        return String(hash)
    }

    private static func line(of error: YamlError) -> Int? {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): mark.line
        default: nil
        }
    }
}

/// Finds the line of a field in the composed YAML tree, so an error can point at it.
struct NodeLocator {
    let root: Node
    let file: String

    /// The keys each mapping may have: a misspelt optional key would otherwise be ignored in silence.
    private static let allowed: [String: Set<String>] = [
        // The catalogue says what a fault window may carry.
        "faults[]": Set(["kind"]).union(FaultKind.parameterKeys),
        "": [
            "rate", "seed", "client_timeout_ms", "downstream_timeout_ms", "drain_limit_s", "phases", "mix",
            "meant_to_fail", "faults", "quick", "capacity", "deployment", "replicated_faults",
        ],
        "phases": ["before", "window", "after"],
        "quick.phases": ["before", "window", "after"],
        "quick": ["phases", "drain_limit_s", "rate", "capacity"],
        "capacity": CapacitySettings.keys,
        "quick.capacity": CapacitySettings.keys,
        "mix[]": ["item", "weight", "quantity"],
        "meant_to_fail": ["share", "item"],
    ]

    func rejectUnknownKeys() throws {
        try check(root, path: [], pattern: "")
    }

    private func check(_ node: Node, path: [String], pattern: String) throws {
        if let mapping = node.mapping {
            let allowed = Self.allowed[pattern] ?? []
            for (key, value) in mapping {
                guard let name = key.string else { continue }
                if !allowed.isEmpty, !allowed.contains(name) {
                    throw WorkloadFileError(
                        file: file, line: key.mark?.line, field: Self.render(path + [name]),
                        problem: "unknown field; expected one of \(allowed.sorted().joined(separator: ", "))")
                }
                let childPattern = pattern.isEmpty ? name : "\(pattern).\(name)"
                try check(value, path: path + [name], pattern: childPattern)
            }
        } else if let sequence = node.sequence {
            for (index, element) in sequence.enumerated() {
                try check(element, path: path + ["[\(index)]"], pattern: pattern + "[]")
            }
        }
    }

    func error(for decoding: DecodingError) -> WorkloadFileError {
        switch decoding {
        case .keyNotFound(let key, let context):
            let path = context.codingPath.map(Self.name)
            return error(at: path, "missing field '\(key.stringValue)'", field: path + [key.stringValue])
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return error(at: context.codingPath.map(Self.name), "wrong type: \(context.debugDescription)")
        case .dataCorrupted(let context):
            return error(at: context.codingPath.map(Self.name), context.debugDescription)
        @unknown default:
            return WorkloadFileError(file: file, line: nil, field: "", problem: "\(decoding)")
        }
    }

    func error(at path: [String], _ problem: String, field: [String]? = nil) -> WorkloadFileError {
        WorkloadFileError(file: file, line: line(of: path), field: Self.render(field ?? path), problem: problem)
    }

    /// The line of the deepest node along `path` that exists.
    func line(of path: [String]) -> Int? {
        var node = root
        var line = root.mark?.line
        for component in path {
            let next: Node?
            if component.hasPrefix("["), let index = Int(component.dropFirst().dropLast()) {
                next = node.sequence.flatMap { index < $0.count ? $0[index] : nil }
            } else {
                next = node[component]
            }
            guard let next else { break }
            node = next
            line = next.mark?.line ?? line
        }
        return line
    }

    private static func name(_ key: any CodingKey) -> String {
        key.intValue.map { "[\($0)]" } ?? key.stringValue
    }

    static func render(_ path: [String]) -> String {
        path.reduce("") { text, component in
            component.hasPrefix("[") || text.isEmpty ? text + component : text + "." + component
        }
    }
}
