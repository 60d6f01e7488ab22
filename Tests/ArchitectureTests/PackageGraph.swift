import Foundation

/// The package's targets and their declared dependencies, as
/// `swift package dump-package` states them, and the modules each target's
/// sources import.
struct PackageGraph {
    struct Target {
        var name: String
        var isTest: Bool
        var isSystemLibrary: Bool
        /// Targets of this package it depends on.
        var targets: Set<String>
        /// Products of other packages it depends on.
        var products: Set<String>
    }

    let root: URL
    let targets: [String: Target]

    /// Reads the manifest of the package whose root holds `Package.swift` above `file`.
    static func load(near file: String = #filePath) throws -> PackageGraph {
        var root = URL(fileURLWithPath: file).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: root.appendingPathComponent("Package.swift").path) {
            guard root.path != "/" else { throw GraphError("no Package.swift above \(file)") }
            root.deleteLastPathComponent()
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        // A scratch folder of its own: `swift test` holds the lock on .build while this runs. SwiftPM puts
        // the scratch folder's lock file in TMPDIR, so TMPDIR is a folder removed with it (each run
        // otherwise left an empty `_tmp_commlab-dump-….lock` in /tmp).
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("commlab-dump-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let scratch = folder.appendingPathComponent("scratch")
        process.arguments = ["swift", "package", "--scratch-path", scratch.path, "dump-package"]
        var environment = ProcessInfo.processInfo.environment
        environment["TMPDIR"] = folder.path
        process.environment = environment
        process.currentDirectoryURL = root
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw GraphError("swift package dump-package failed") }
        return try PackageGraph(root: root, manifest: data)
    }

    init(root: URL, manifest: Data) throws {
        self.root = root
        struct Manifest: Decodable {
            struct Target: Decodable {
                var name: String
                var type: String
                var dependencies: [Dependency]
            }
            /// `{"byName": [name, condition]}`, `{"target": [name, condition]}` or `{"product": [name, package, …]}`.
            struct Dependency: Decodable {
                var byName: [String?]?
                var target: [String?]?
                var product: [String?]?
            }
            var targets: [Target]
        }
        let manifest = try JSONDecoder().decode(Manifest.self, from: manifest)
        let names = Set(manifest.targets.map(\.name))
        var targets: [String: Target] = [:]
        for target in manifest.targets {
            var local: Set<String> = []
            var products: Set<String> = []
            for dependency in target.dependencies {
                if let name = (dependency.byName ?? dependency.target)?.first ?? nil {
                    if names.contains(name) { local.insert(name) } else { products.insert(name) }
                } else if let name = dependency.product?.first ?? nil {
                    products.insert(name)
                }
            }
            targets[target.name] = Target(
                name: target.name, isTest: target.type == "test", isSystemLibrary: target.type == "system",
                targets: local, products: products)
        }
        self.targets = targets
    }

    /// Every target `name` reaches through its dependencies, itself excluded.
    func closure(of name: String) -> Set<String> {
        var seen: Set<String> = []
        var queue = Array(targets[name]?.targets ?? [])
        while let next = queue.popLast() {
            guard seen.insert(next).inserted else { continue }
            queue += targets[next]?.targets ?? []
        }
        return seen
    }

    /// The modules the Swift files of a target import (`import X`, `@testable import X`, …).
    func imports(of target: Target) throws -> Set<String> {
        let folder = root.appendingPathComponent(target.isTest ? "Tests" : "Sources").appendingPathComponent(
            target.name)
        guard let files = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil) else { return [] }
        var modules: Set<String> = []
        for case let file as URL in files where file.pathExtension == "swift" {
            let text = try String(contentsOf: file, encoding: .utf8)
            for line in text.split(separator: "\n") {
                let words = line.split(separator: " ").filter { !$0.hasPrefix("@") }
                let modifiers: Set<Substring> = ["public", "internal", "package", "private", "fileprivate"]
                let rest = words.drop { modifiers.contains($0) }
                if rest.first == "import", rest.count == 2 { modules.insert(String(rest.last!)) }
            }
        }
        return modules
    }
}

struct GraphError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
