import Foundation

/// Keeps a part's README wire-format section equal to what the code sends.
/// Tests compare ``readme(part:root:)`` with ``expected(part:section:root:)``;
/// with `COMMLAB_WRITE_WIRE_FORMAT=1` they also write the expected text, and
/// still fail that run, so a rewrite is never a pass.
public enum WireFormatReadme {
    public enum Mismatch: Error, CustomStringConvertible {
        case missingMarkers(String)

        public var description: String {
            switch self {
            case .missingMarkers(let path): "\(path) has no wire-format markers"
            }
        }
    }

    /// The part's README as it is; `root` defaults to the repository this source file is in.
    public static func readme(part: String, root: String = repositoryRoot()) throws -> String {
        try String(contentsOfFile: "\(root)/\(part)/README.md", encoding: .utf8)
    }

    /// The part's README with its wire-format section made from `section`.
    public static func expected(part: String, section: String, root: String = repositoryRoot()) throws -> String {
        let path = "\(root)/\(part)/README.md"
        guard let updated = WireFormatDocument.replacingSection(in: try readme(part: part, root: root), with: section)
        else { throw Mismatch.missingMarkers(path) }
        return updated
    }

    /// Writes `expected` over the part's README when `COMMLAB_WRITE_WIRE_FORMAT=1`; returns whether it did.
    @discardableResult
    public static func rewriteIfAsked(part: String, expected: String, root: String = repositoryRoot()) throws -> Bool {
        guard ProcessInfo.processInfo.environment["COMMLAB_WRITE_WIRE_FORMAT"] == "1" else { return false }
        try expected.write(toFile: "\(root)/\(part)/README.md", atomically: true, encoding: .utf8)
        return true
    }

    public static func repositoryRoot(file: String = #filePath) -> String {
        URL(fileURLWithPath: file).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
    }
}
