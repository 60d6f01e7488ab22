import Foundation

/// Keeps a part's README wire-format section equal to what the code sends.
/// Tests call ``check(part:section:root:)``; with `COMMLAB_WRITE_WIRE_FORMAT=1`
/// in the environment it rewrites the section instead of failing.
public enum WireFormatReadme {
    public enum Mismatch: Error, CustomStringConvertible {
        case missingMarkers(String)
        case differs(String)

        public var description: String {
            switch self {
            case .missingMarkers(let path): "\(path) has no wire-format markers"
            case .differs(let path):
                "the wire-format section of \(path) differs from what the code sends; "
                    + "rerun the test with COMMLAB_WRITE_WIRE_FORMAT=1 to rewrite it"
            }
        }
    }

    /// `root` defaults to the repository this source file is in.
    public static func check(part: String, section: String, root: String = repositoryRoot()) throws {
        let path = "\(root)/\(part)/README.md"
        let readme = try String(contentsOfFile: path, encoding: .utf8)
        guard let updated = WireFormatDocument.replacingSection(in: readme, with: section) else {
            throw Mismatch.missingMarkers(path)
        }
        guard updated != readme else { return }
        if ProcessInfo.processInfo.environment["COMMLAB_WRITE_WIRE_FORMAT"] == "1" {
            try updated.write(toFile: path, atomically: true, encoding: .utf8)
            return
        }
        throw Mismatch.differs(path)
    }

    public static func repositoryRoot(file: String = #filePath) -> String {
        URL(fileURLWithPath: file).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
    }
}
