import Foundation

/// A folder the lab creates and may wipe (service logs, databases, broker
/// data). It carries a marker file; a folder without one is never deleted,
/// and nor are `/`, the home folder or other short system paths, whatever
/// `--dir` or `--work-directory` says.
public enum ScratchDirectory {
    static let marker = ".commlab-scratch"

    public enum Refusal: Error, CustomStringConvertible {
        case protectedPath(String)
        case notCreatedByCommlab(String)

        public var description: String {
            switch self {
            case .protectedPath(let path):
                "refusing to use \(path) as a scratch folder: the lab wipes its scratch folders; give a folder of its own"
            case .notCreatedByCommlab(let path):
                "refusing to wipe \(path): it holds files and was not created by commlab (no \(marker) marker); "
                    + "remove it yourself or choose another folder"
            }
        }
    }

    /// Makes `path` an empty scratch folder: wipes it if commlab made it,
    /// uses it if it is empty or missing, and refuses anything else.
    public static func prepareEmpty(_ path: String) throws {
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        try checkNotProtected(absolute)
        let files = FileManager.default
        if let contents = try? files.contentsOfDirectory(atPath: absolute), !contents.isEmpty {
            guard contents.contains(marker) else { throw Refusal.notCreatedByCommlab(absolute) }
            try files.removeItem(atPath: absolute)
        }
        try files.createDirectory(atPath: absolute, withIntermediateDirectories: true)
        files.createFile(atPath: "\(absolute)/\(marker)", contents: Data("made by commlab; safe to delete\n".utf8))
    }

    /// Deletes a scratch folder commlab made; leaves anything else alone.
    public static func remove(_ path: String) {
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        guard (try? checkNotProtected(absolute)) != nil,
            FileManager.default.fileExists(atPath: "\(absolute)/\(marker)")
        else { return }
        try? FileManager.default.removeItem(atPath: absolute)
    }

    static func checkNotProtected(_ absolute: String) throws {
        let home = FileManager.default.homeDirectoryForCurrentUser.standardizedFileURL.path
        let depth = absolute.split(separator: "/").count
        let system = ["/tmp", "/var", "/usr", "/etc", "/opt", "/home", "/root", "/work"]
        if depth < 2 || absolute == home || system.contains(absolute)
            || absolute == FileManager.default.currentDirectoryPath
        {
            throw Refusal.protectedPath(absolute)
        }
    }
}
